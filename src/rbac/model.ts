import type { Inventory, InventoryEntry } from '../core/inventory.js';
import { isRecord, labelsOf, nameOf, namespaceOf, type KubeObject } from '../core/k8s/object.js';
import { serviceAccountOf, type Workload } from '../core/k8s/workload.js';
import { DEFAULT_CLUSTER_ROLES } from './default-roles.js';
import { parseRule, type PolicyRule } from './rules.js';
import { compileSelector } from '../core/k8s/selector.js';
import { compareSubjects, normaliseSubject, serviceAccount, subjectKey, SYSTEM_MASTERS, type Subject, type SubjectKind } from './subject.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** A rule as a role holds it, with the role it was written in (another one when aggregated). */
export interface EffectiveRule {
  rule: PolicyRule;
  source: RoleNode;
  /** Index of the rule in `source`'s own rules, for field paths. */
  index: number;
}

export interface RoleNode {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  entry: InventoryEntry;
  ownRules: PolicyRule[];
  /** Set for ClusterRoles with an aggregationRule: their rules are those of the roles selected. */
  aggregation?: ((labels: Record<string, string>) => boolean)[];
  rules: EffectiveRule[];
  /** Bindings whose roleRef names this role. */
  bindings: BindingNode[];
}

export type RoleRef = Readonly<{ kind: string; name: string }>;

export interface BindingNode {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** Set for RoleBindings: the only namespace their grants apply in. */
  namespace?: string;
  entry: InventoryEntry;
  /** Shared by the bindings naming the same role. */
  roleRef: RoleRef;
  /** Valid subjects, normalised (service-account namespaces defaulted, SA user names turned into SAs). */
  subjects: Subject[];
  /** Index of each subject in the object's `subjects` list, for field paths. */
  subjectIndexes: readonly number[];
  /** subjectKey of each subject, computed once. */
  subjectKeys: string[];
  /** Position of each subject in `RbacModel.subjectOrder`: sorting answers is sorting numbers. */
  subjectRanks: number[];
  /** Undefined when the roleRef names a role that is not in the inventory. */
  role?: RoleNode;
}

export type RbacProblemKind = 'dangling-role-ref' | 'missing-service-account' | 'invalid-subject' | 'invalid-role-ref' | 'invalid-selector';

export interface RbacProblem {
  kind: RbacProblemKind;
  entry: InventoryEntry;
  message: string;
  subject?: Subject;
  /** Position of the subject in the binding's `subjects`. */
  subjectIndex?: number;
}

/** A pod template and the identity its containers run with. */
export interface WorkloadIdentity {
  entry: InventoryEntry;
  workload: Workload;
  namespace: string;
  serviceAccount: Subject;
  /** Whether the service-account token is mounted into the pods. */
  tokenMounted: boolean;
}

export interface IndexedRule {
  role: RoleNode;
  rule: EffectiveRule;
}

/** Indexed rules (those listing one resource, or the non-resource ones), and the distinct rules among them. */
export interface RuleList {
  entries: IndexedRule[];
  /** Each rule of the entries once: a request none of them allows passes the whole list by. */
  distinct: PolicyRule[];
}

export interface RbacModel {
  roles: Map<string, RoleNode>;
  bindings: BindingNode[];
  /** Declared ServiceAccount objects by `ns/name`. */
  serviceAccounts: Map<string, InventoryEntry>;
  /** Namespaces the inventory names (objects, Namespace objects, bindings). */
  namespaces: string[];
  workloads: WorkloadIdentity[];
  problems: RbacProblem[];
  /** Bindings naming each subject (by subjectKey). */
  bindingsBySubject: Map<string, BindingNode[]>;
  // Resource rules keyed by each resource string they list: `pods`, `*`, `*/exec`, `pods/exec`.
  rulesByResource: Map<string, RuleList>;
  nonResourceRules: RuleList;
  /** Every subject named by a binding, by subjectKey; one object per subject, shared by its bindings. */
  subjects: Map<string, Subject>;
  /**
   * Every subject named by a binding, and system:masters, sorted by kind, namespace and name
   * once: a subject's rank is its position here.
   */
  subjectOrder: Subject[];
  /** Rank of system:masters in `subjectOrder` (present whether or not a binding names it). */
  mastersRank: number;
  /** Namespace objects (their Pod Security labels decide whether privileged pods are admitted). */
  namespaceObjects: InventoryEntry[];
  /** Legacy service-account token Secrets (readable by whoever reads the namespace's secrets). */
  tokenSecrets: InventoryEntry[];
}

export function roleKey(kind: string, namespace: string | undefined, name: string): string {
  return kind === 'ClusterRole' ? `ClusterRole:${name}` : `Role:${namespace ?? ''}/${name}`;
}

const RBAC_PREFIX = `${RBAC_GROUP}/`;

/** Whether the object's API group is RBAC's (the group is what comes before the slash). */
function isRbacObject(object: KubeObject): boolean {
  return object.apiVersion.startsWith(RBAC_PREFIX);
}

const cache = new WeakMap<Inventory, RbacModel>();

/** The model of an inventory, built once and shared by every check and query over it. */
export function rbacModelOf(inventory: Inventory): RbacModel {
  let model = cache.get(inventory);
  if (!model) {
    model = buildRbacModel(inventory);
    cache.set(inventory, model);
  }
  return model;
}

/** Reads Roles, ClusterRoles, their bindings, service accounts and workloads, and indexes them. */
export function buildRbacModel(inventory: Inventory): RbacModel {
  const model: RbacModel = {
    roles: new Map(),
    bindings: [],
    serviceAccounts: new Map(),
    namespaces: [],
    workloads: [],
    problems: [],
    bindingsBySubject: new Map(),
    rulesByResource: new Map(),
    nonResourceRules: { entries: [], distinct: [] },
    subjects: new Map(),
    subjectOrder: [],
    mastersRank: 0,
    namespaceObjects: inventory.ofKind('Namespace').filter((e) => e.object.apiVersion === 'v1'),
    tokenSecrets: inventory
      .ofKind('Secret')
      .filter((e) => e.object.type === 'kubernetes.io/service-account-token' && typeof e.object.metadata?.annotations?.['kubernetes.io/service-account.name'] === 'string'),
  };
  const rules = new RuleTable();
  for (const kind of ['ClusterRole', 'Role'] as const) {
    for (const entry of inventory.ofKind(kind)) {
      if (!isRbacObject(entry.object)) continue;
      const role = readRole(entry, kind, model, rules);
      const key = roleKey(kind, role.namespace, role.name);
      if (!model.roles.has(key)) model.roles.set(key, role);
    }
  }
  addDefaultRoles(inventory, model, rules);
  resolveAggregation(model);

  const subjects = new SubjectTable(model);
  const roles = new RoleIndex(model.roles.values());
  for (const kind of ['ClusterRoleBinding', 'RoleBinding'] as const) {
    for (const entry of inventory.ofKind(kind)) {
      if (!isRbacObject(entry.object)) continue;
      const binding = readBinding(entry, kind, model, subjects, roles);
      if (binding) model.bindings.push(binding);
    }
  }
  rankSubjects(model, subjects);
  for (const entry of inventory.ofKind('ServiceAccount')) {
    if (entry.object.apiVersion !== 'v1') continue;
    model.serviceAccounts.set(`${namespaceOf(entry.object) ?? 'default'}/${nameOf(entry.object)}`, entry);
  }

  const namespaces = new Set(inventory.namespaces());
  for (const binding of model.bindings) if (binding.namespace) namespaces.add(binding.namespace);
  model.namespaces = [...namespaces].sort();

  for (const { entry, workload } of inventory.workloads()) {
    const namespace = namespaceOf(entry.object) ?? 'default';
    const saName = serviceAccountOf(workload.podSpec);
    const saEntry = model.serviceAccounts.get(`${namespace}/${saName}`);
    const saAutomount = saEntry?.object.automountServiceAccountToken;
    const podAutomount = workload.podSpec.automountServiceAccountToken;
    // The pod's setting wins over the service account's; both default to mounting the token.
    const tokenMounted = typeof podAutomount === 'boolean' ? podAutomount : typeof saAutomount === 'boolean' ? saAutomount : true;
    model.workloads.push({ entry, workload, namespace, serviceAccount: serviceAccount(namespace, saName), tokenMounted });
  }

  reportMissingServiceAccounts(model, inventory);
  indexRules(model);
  return model;
}

function readRole(entry: InventoryEntry, kind: 'Role' | 'ClusterRole', model: RbacModel, rules: RuleTable): RoleNode {
  const object = entry.object;
  const role: RoleNode = {
    kind,
    name: nameOf(object),
    namespace: kind === 'Role' ? (namespaceOf(object) ?? 'default') : undefined,
    entry,
    ownRules: [],
    aggregation: undefined,
    rules: [],
    bindings: [],
  };
  if (Array.isArray(object.rules)) {
    for (const raw of object.rules) {
      const rule = rules.intern(raw);
      if (rule) role.ownRules.push(rule);
    }
  }
  const aggregationRule = object.aggregationRule;
  if (kind === 'ClusterRole' && isRecord(aggregationRule)) {
    const selectors = Array.isArray(aggregationRule.clusterRoleSelectors) ? aggregationRule.clusterRoleSelectors : [];
    role.aggregation = [];
    selectors.forEach((selector, i) => {
      // A null selector selects nothing (metav1.LabelSelectorAsSelector), unlike an empty one.
      const compiled = isRecord(selector) ? compileSelector(selector) : undefined;
      const problem = compiled ? compiled.error : 'label selector is not a mapping';
      if (problem) model.problems.push({ kind: 'invalid-selector', entry, message: `aggregationRule.clusterRoleSelectors[${i}]: ${problem}` });
      role.aggregation!.push(compiled && !problem ? compiled.matches : () => false);
    });
  }
  return role;
}

/**
 * The aggregation controller replaces an aggregated ClusterRole's rules with the union of the
 * rules of every other ClusterRole its selectors match, and does so again whenever one of them
 * changes: it converges on the transitive union (`view` → `edit` → `admin`). Cycles converge too.
 */
function resolveAggregation(model: RbacModel): void {
  const clusterRoles = [...model.roles.values()].filter((r) => r.kind === 'ClusterRole');
  const selected = new Map<RoleNode, RoleNode[]>();
  for (const role of clusterRoles) {
    if (!role.aggregation) continue;
    selected.set(
      role,
      clusterRoles.filter((other) => other !== role && role.aggregation!.some((m) => m(labelsOf(other.entry.object)))),
    );
  }
  for (const role of clusterRoles) {
    if (!role.aggregation) {
      role.rules = role.ownRules.map((rule, index) => ({ rule, source: role, index }));
      continue;
    }
    // Depth-first over the aggregation graph, collecting the plain rules of every role reached.
    const seen = new Set<RoleNode>([role]);
    const stack = [...(selected.get(role) ?? [])];
    const rules: EffectiveRule[] = [];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      if (next.aggregation) stack.push(...(selected.get(next) ?? []));
      else next.ownRules.forEach((rule, index) => rules.push({ rule, source: next, index }));
    }
    role.rules = rules;
  }
  for (const role of model.roles.values()) {
    if (role.kind === 'Role') role.rules = role.ownRules.map((rule, index) => ({ rule, source: role, index }));
  }
}

/**
 * Every cluster has cluster-admin, admin, edit and view, so a manifest that binds one grants what
 * it grants in a cluster even when the ClusterRole is not among the files scanned: the model
 * supplies the default ones missing (with the roles aggregated into them), marked as coming from
 * the built-in default policy.
 */
function addDefaultRoles(inventory: Inventory, model: RbacModel, rules: RuleTable): void {
  const missing = (name: string) => !model.roles.has(roleKey('ClusterRole', undefined, name));
  const referenced = inventory
    .ofKind('ClusterRoleBinding')
    .concat(inventory.ofKind('RoleBinding'))
    .some((e) => isRecord(e.object.roleRef) && e.object.roleRef.kind === 'ClusterRole' && DEFAULT_ROLE_NAMES.has(String(e.object.roleRef.name)) && missing(String(e.object.roleRef.name)));
  if (!referenced) return;
  for (const object of DEFAULT_CLUSTER_ROLES) {
    const name = nameOf(object);
    if (!missing(name)) continue;
    const entry: InventoryEntry = { id: -1, object, origin: { file: BUILTIN_ORIGIN, line: 0, docIndex: 0 } };
    model.roles.set(roleKey('ClusterRole', undefined, name), readRole(entry, 'ClusterRole', model, rules));
  }
}

/**
 * One PolicyRule object per distinct rule: roles repeat the same rules over and over (every
 * namespace's copy of a role, the aggregated ones), so whatever is worked out from a rule alone
 * (what it allows, its namespaced form, its description) is worked out once and shared. A rule
 * is looked up by a key read straight from the object, and parsed only when it is new.
 */
class RuleTable {
  private readonly rules = new Map<string, PolicyRule>();

  intern(raw: unknown): PolicyRule | undefined {
    if (!isRecord(raw)) return undefined;
    let key = joinedKey(raw);
    let parsed: PolicyRule | undefined;
    if (key === undefined) {
      parsed = parseRule(raw)!;
      key = JSON.stringify([parsed.verbs, parsed.apiGroups, parsed.resources, parsed.resourceNames, parsed.nonResourceURLs]);
    }
    let interned = this.rules.get(key);
    if (!interned) this.rules.set(key, (interned = parsed ?? parseRule(raw)!));
    return interned;
  }
}

const RULE_LISTS = ['verbs', 'apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const;

/**
 * The strings of each list of the rule (those parseRule keeps), each followed by ITEM (so []
 * and [""] differ), the lists separated by LIST: several times cheaper than JSON, and exact
 * unless a string holds a separator (undefined: then the key is the JSON of the lists).
 */
function joinedKey(raw: Record<string, unknown>): string | undefined {
  let key = '';
  for (let l = 0; l < RULE_LISTS.length; l++) {
    if (l > 0) key += LIST;
    const list = raw[RULE_LISTS[l]!];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (typeof item !== 'string') continue;
      if (item.includes(ITEM) || item.includes(LIST)) return undefined;
      key += item + ITEM;
    }
  }
  return key;
}

// Control characters no verb, group, resource, name or URL holds. A joined key holds four raw
// LIST characters, a JSON one none (JSON escapes control characters): the two never meet.
const ITEM = '\u0000';
const LIST = '\u0001';

const DEFAULT_ROLE_NAMES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** Origin file of the roles the model supplies from Kubernetes' default policy. */
export const BUILTIN_ORIGIN = '<kubernetes default policy>';

const SUBJECT_KINDS = new Set<SubjectKind>(['User', 'Group', 'ServiceAccount']);

function readBinding(
  entry: InventoryEntry,
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  model: RbacModel,
  table: SubjectTable,
  roles: RoleIndex,
): BindingNode | undefined {
  const object = entry.object;
  const roleRef = object.roleRef;
  if (!isRecord(roleRef) || typeof roleRef.name !== 'string' || (roleRef.kind !== 'Role' && roleRef.kind !== 'ClusterRole')) {
    model.problems.push({ kind: 'invalid-role-ref', entry, message: 'roleRef must name a Role or ClusterRole' });
    return undefined;
  }
  if (kind === 'ClusterRoleBinding' && roleRef.kind === 'Role') {
    model.problems.push({ kind: 'invalid-role-ref', entry, message: 'a ClusterRoleBinding can only reference a ClusterRole' });
    return undefined;
  }
  const binding: BindingNode = {
    kind,
    name: nameOf(object),
    namespace: kind === 'RoleBinding' ? (namespaceOf(object) ?? 'default') : undefined,
    entry,
    roleRef: roles.ref(roleRef.kind, roleRef.name),
    subjects: NO_SUBJECTS,
    subjectIndexes: NO_INDEXES,
    subjectKeys: NO_KEYS,
    subjectRanks: NO_RANKS,
    role: undefined,
  };
  const raws = Array.isArray(object.subjects) ? object.subjects : NO_SUBJECTS;
  const count = raws.length;
  if (count === 1) {
    // Most bindings name one subject: its one-item lists are shared by all of them.
    const read = readSubject(raws[0], 0, binding, model, table);
    if (read) {
      const lists = (read.alone ??= { subjects: [read.subject], keys: [read.key], ranks: [read.id] });
      binding.subjects = lists.subjects;
      binding.subjectKeys = lists.keys;
      binding.subjectRanks = lists.ranks;
      binding.subjectIndexes = allPositions(1);
      read.bindings.push(binding);
    }
  } else if (count > 1) {
    // Lists of exactly the subjects' length: fifty thousand bindings of one to three subjects
    // would otherwise each carry room for sixteen.
    const subjects = new Array<Subject>(count);
    const keys = new Array<string>(count);
    const ranks = new Array<number>(count);
    // Positions in the object's list: 0..n-1 (one shared list per n) unless a subject is invalid.
    let indexes: number[] | undefined;
    let valid = 0;
    for (let i = 0; i < count; i++) {
      const read = readSubject(raws[i], i, binding, model, table);
      if (!read) {
        indexes ??= Array.from({ length: valid }, (_, j) => j);
        continue;
      }
      indexes?.push(i);
      subjects[valid] = read.subject;
      keys[valid] = read.key;
      ranks[valid] = read.id;
      valid++;
      read.bindings.push(binding);
    }
    if (valid > 0) {
      if (valid < count) subjects.length = keys.length = ranks.length = valid;
      binding.subjects = subjects;
      binding.subjectKeys = keys;
      binding.subjectRanks = ranks;
      binding.subjectIndexes = indexes ?? allPositions(valid);
    }
  }
  const role = roles.find(roleRef.kind, binding.namespace, roleRef.name);
  if (role) {
    binding.role = role;
    role.bindings.push(binding);
  } else {
    const where = roleRef.kind === 'Role' ? ` in namespace ${binding.namespace}` : '';
    model.problems.push({ kind: 'dangling-role-ref', entry, message: `roleRef names ${roleRef.kind} "${roleRef.name}"${where}, which does not exist` });
  }
  return binding;
}

// Shared by bindings without valid subjects (they are replaced, never appended to).
const NO_SUBJECTS: Subject[] = [];
const NO_INDEXES: readonly number[] = Object.freeze([]);
const NO_KEYS: string[] = [];
const NO_RANKS: number[] = [];

const positions: (readonly number[])[] = [];

/** 0..count-1, one frozen list per count. */
export function allPositions(count: number): readonly number[] {
  return (positions[count] ??= Object.freeze(Array.from({ length: count }, (_, i) => i)));
}

function readSubject(raw: unknown, i: number, binding: BindingNode, model: RbacModel, table: SubjectTable): InternedSubject | undefined {
  if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name === '' || !SUBJECT_KINDS.has(raw.kind as SubjectKind)) {
    model.problems.push({ kind: 'invalid-subject', entry: binding.entry, message: `subjects[${i}] is not a User, Group or ServiceAccount with a name` });
    return undefined;
  }
  if (raw.kind !== 'ServiceAccount') return table.userOrGroup(raw.kind as 'User' | 'Group', raw.name);
  // The authorizer defaults a service account's namespace to the binding's.
  const ns = typeof raw.namespace === 'string' && raw.namespace !== '' ? raw.namespace : binding.namespace;
  if (ns === undefined) {
    model.problems.push({ kind: 'invalid-subject', entry: binding.entry, message: `subjects[${i}]: a ServiceAccount in a ClusterRoleBinding needs a namespace` });
    return undefined;
  }
  return table.serviceAccount(ns, raw.name);
}

/** Roles by name (and namespace): a binding finds its role without building a key string. */
class RoleIndex {
  private readonly clusterRoles = new Map<string, RoleNode>();
  private readonly roles = new Map<string, Map<string, RoleNode>>();
  private readonly refs = { Role: new Map<string, RoleRef>(), ClusterRole: new Map<string, RoleRef>() };

  constructor(all: Iterable<RoleNode>) {
    for (const role of all) {
      if (role.kind === 'ClusterRole') {
        this.clusterRoles.set(role.name, role);
        continue;
      }
      let byName = this.roles.get(role.namespace!);
      if (!byName) this.roles.set(role.namespace!, (byName = new Map()));
      byName.set(role.name, role);
    }
  }

  find(kind: 'Role' | 'ClusterRole', namespace: string | undefined, name: string): RoleNode | undefined {
    return kind === 'ClusterRole' ? this.clusterRoles.get(name) : this.roles.get(namespace ?? '')?.get(name);
  }

  /** One roleRef object per kind and name: tens of thousands of bindings name a few thousand roles. */
  ref(kind: 'Role' | 'ClusterRole', name: string): RoleRef {
    const byName = this.refs[kind];
    let ref = byName.get(name);
    if (!ref) byName.set(name, (ref = Object.freeze({ kind, name })));
    return ref;
  }
}

interface InternedSubject {
  /** Order of first mention; bindings hold it in `subjectRanks` until the subjects are ranked. */
  id: number;
  subject: Subject;
  key: string;
  /** The list `bindingsBySubject` holds for the subject. */
  bindings: BindingNode[];
  /** The subject, key and id lists of the bindings naming this subject alone. */
  alone?: { subjects: Subject[]; keys: string[]; ranks: number[] };
}

/**
 * One Subject object, key and binding list per identity, however many bindings name it: tens
 * of thousands of bindings name a few thousand subjects, and each key is built and hashed once.
 */
class SubjectTable {
  private readonly serviceAccounts = new Map<string, Map<string, InternedSubject>>();
  private readonly users = new Map<string, InternedSubject>();
  private readonly groups = new Map<string, InternedSubject>();
  private readonly slashedByKey = new Map<string, InternedSubject>();
  /** Every subject, by id (its position here). */
  readonly all: InternedSubject[] = [];

  constructor(private readonly model: RbacModel) {}

  serviceAccount(namespace: string, name: string): InternedSubject {
    let byName = this.serviceAccounts.get(namespace);
    if (!byName) this.serviceAccounts.set(namespace, (byName = new Map()));
    let interned = byName.get(name);
    if (!interned) byName.set(name, (interned = this.add(serviceAccount(namespace, name))));
    return interned;
  }

  /** Users and groups by name; a user named as a service account (`system:serviceaccount:<ns>:<name>`) is that account. */
  userOrGroup(kind: 'User' | 'Group', name: string): InternedSubject {
    const byName = kind === 'User' ? this.users : this.groups;
    let interned = byName.get(name);
    if (!interned) {
      const subject = normaliseSubject({ kind, name });
      interned = subject.kind === 'ServiceAccount' ? this.serviceAccount(subject.namespace!, subject.name) : this.add(subject);
      byName.set(name, interned);
    }
    return interned;
  }

  private add(subject: Subject): InternedSubject {
    const key = subjectKey(subject);
    // Names with a slash (which the API server refuses) can give two service accounts one key:
    // they are one subject. Only two accounts with slashes can meet so.
    const slashed = subject.kind === 'ServiceAccount' && (subject.namespace!.includes('/') || subject.name.includes('/'));
    const same = slashed ? this.slashedByKey.get(key) : undefined;
    if (same) return same;
    const interned: InternedSubject = { id: this.all.length, subject, key, bindings: [], alone: undefined };
    if (slashed) this.slashedByKey.set(key, interned);
    this.all.push(interned);
    this.model.subjects.set(key, subject);
    this.model.bindingsBySubject.set(key, interned.bindings);
    return interned;
  }
}

/**
 * Sorts the subjects once (system:masters among them) and turns the subject ids the bindings
 * hold into ranks.
 */
function rankSubjects(model: RbacModel, table: SubjectTable): void {
  const mastersKey = subjectKey({ kind: 'Group', name: SYSTEM_MASTERS });
  const bound = model.subjects.get(mastersKey);
  const masters: Subject = bound ?? { kind: 'Group', name: SYSTEM_MASTERS };
  const entries = table.all.map((interned) => interned.subject);
  if (!bound) entries.push(masters);
  const ids = Array.from(entries.keys()).sort((a, b) => compareSubjects(entries[a]!, entries[b]!));
  const rankOfId = new Int32Array(entries.length);
  ids.forEach((id, rank) => (rankOfId[id] = rank));
  model.subjectOrder = ids.map((id) => entries[id]!);
  model.mastersRank = model.subjectOrder.indexOf(masters);
  // Each list once: those of bindings naming one subject are shared.
  for (const binding of model.bindings) {
    const ranks = binding.subjectRanks;
    if (ranks.length === 1 && table.all[ranks[0]!]!.alone?.ranks === ranks) continue;
    for (let i = 0; i < ranks.length; i++) ranks[i] = rankOfId[ranks[i]!]!;
  }
  for (const { id, alone } of table.all) if (alone) alone.ranks[0] = rankOfId[id]!;
}

/**
 * A binding to a service account that does not exist grants its rights to whoever later creates
 * an account of that name. Reported only where the inventory shows the namespace (a Namespace
 * object or some ServiceAccount in it), so that scanning RBAC files alone stays quiet; `default`
 * always exists.
 */
function reportMissingServiceAccounts(model: RbacModel, inventory: Inventory): void {
  const known = new Set<string>();
  for (const key of model.serviceAccounts.keys()) known.add(key.slice(0, key.indexOf('/')));
  for (const entry of inventory.ofKind('Namespace')) known.add(nameOf(entry.object));
  // Subjects are shared among bindings: each is looked up once.
  const missing = new Map<Subject, boolean>();
  const isMissing = (subject: Subject): boolean => {
    let answer = missing.get(subject);
    if (answer === undefined) {
      answer = subject.name !== 'default' && known.has(subject.namespace!) && !model.serviceAccounts.has(`${subject.namespace}/${subject.name}`);
      missing.set(subject, answer);
    }
    return answer;
  };
  // Usually every account bound exists: then the bindings need not be walked.
  let anyMissing = false;
  for (const subject of model.subjects.values()) if (subject.kind === 'ServiceAccount' && isMissing(subject)) anyMissing = true;
  if (!anyMissing) return;
  for (const binding of model.bindings) {
    binding.subjects.forEach((subject, i) => {
      if (subject.kind !== 'ServiceAccount' || !isMissing(subject)) return;
      model.problems.push({
        kind: 'missing-service-account',
        entry: binding.entry,
        subject,
        subjectIndex: binding.subjectIndexes[i]!,
        message: `subject ServiceAccount ${subject.namespace}/${subject.name} does not exist`,
      });
    });
  }
}

function indexRules(model: RbacModel): void {
  for (const role of model.roles.values()) {
    for (const rule of role.rules) {
      const indexed: IndexedRule = { role, rule };
      const { resources, nonResourceURLs } = rule.rule;
      if (nonResourceURLs.length > 0) model.nonResourceRules.entries.push(indexed);
      for (let i = 0; i < resources.length; i++) {
        const resource = resources[i]!;
        // A resource listed twice indexes the rule once.
        if (resources.indexOf(resource) < i) continue;
        let list = model.rulesByResource.get(resource);
        if (!list) model.rulesByResource.set(resource, (list = { entries: [], distinct: [] }));
        list.entries.push(indexed);
      }
    }
  }
  for (const list of [model.nonResourceRules, ...model.rulesByResource.values()]) {
    const distinct = new Set<PolicyRule>();
    for (const indexed of list.entries) distinct.add(indexed.rule.rule);
    list.distinct = [...distinct];
  }
}
