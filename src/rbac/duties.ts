import { capabilities, describeCapability, ruleAllowsCapability, WRITE_VERBS, type Capability } from './capability.js';
import type { BindingNode, EffectiveRule, RbacModel, RoleNode } from './model.js';
import { identitiesOf, MASTERS_EXPLANATION, roleBindingForm, type Grant } from './query.js';
import type { PolicyRule } from './rules.js';
import { SYSTEM_MASTERS, subjectKey, type Subject } from './subject.js';

/** A duty: a job an identity may do, defined by the requests it needs allowed (any of them). */
export interface Duty {
  id: string;
  title: string;
  capabilities: readonly Capability[];
  /** Holding this duty makes a token powerful enough to escalate from (used for the privileged-workload check). */
  powerful: boolean;
}

const RBAC = 'rbac.authorization.k8s.io';

export const DUTIES: readonly Duty[] = [
  { id: 'read-secrets', title: 'Read secrets', powerful: true, capabilities: capabilities(['get', 'list', 'watch'], ['secrets'], '') },
  {
    id: 'deploy-workloads',
    title: 'Deploy workloads',
    powerful: true,
    capabilities: [
      ...capabilities(['create', 'update', 'patch'], ['pods', 'replicationcontrollers'], ''),
      ...capabilities(['create', 'update', 'patch'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], 'apps'),
      ...capabilities(['create', 'update', 'patch'], ['jobs', 'cronjobs'], 'batch'),
    ],
  },
  {
    id: 'change-rbac',
    title: 'Change RBAC',
    powerful: true,
    capabilities: [
      ...capabilities(WRITE_VERBS, ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], RBAC),
      ...capabilities(['bind', 'escalate'], ['roles', 'clusterroles'], RBAC),
    ],
  },
  { id: 'exec-into-pods', title: 'Exec into pods', powerful: true, capabilities: capabilities(['create', 'get'], ['pods/exec', 'pods/attach'], '') },
  {
    id: 'impersonate',
    title: 'Impersonate identities',
    powerful: true,
    capabilities: [...capabilities(['impersonate'], ['users', 'groups', 'serviceaccounts'], ''), ...capabilities(['create'], ['serviceaccounts/token'], '')],
  },
  {
    id: 'administer-nodes',
    title: 'Administer nodes',
    powerful: true,
    capabilities: [...capabilities(['update', 'patch', 'delete'], ['nodes'], ''), ...capabilities(['get', 'create'], ['nodes/proxy'], '')],
  },
  {
    id: 'approve-certificates',
    title: 'Approve certificates',
    powerful: true,
    capabilities: [
      ...capabilities(['update', 'patch'], ['certificatesigningrequests/approval'], 'certificates.k8s.io'),
      ...capabilities(['approve'], ['signers'], 'certificates.k8s.io'),
    ],
  },
  {
    id: 'change-admission-webhooks',
    title: 'Change admission webhooks',
    powerful: true,
    capabilities: capabilities(
      WRITE_VERBS,
      ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings'],
      'admissionregistration.k8s.io',
    ),
  },
  {
    // The audit policy itself is a control-plane file; through the API, the audit trail a
    // cluster keeps is its Events and the logging agents' configuration.
    id: 'tamper-audit-logging',
    title: 'Tamper with audit/logging',
    powerful: false,
    capabilities: [
      ...capabilities(['delete', 'deletecollection', 'update', 'patch'], ['events'], ''),
      ...capabilities(['delete', 'deletecollection', 'update', 'patch'], ['events'], 'events.k8s.io'),
      ...capabilities(WRITE_VERBS, ['auditsinks'], 'auditregistration.k8s.io'),
    ],
  },
  { id: 'manage-namespaces', title: 'Manage namespaces', powerful: false, capabilities: capabilities(['create', 'update', 'patch', 'delete'], ['namespaces'], '') },
];

export const DUTY_IDS: readonly string[] = DUTIES.map((d) => d.id);

/**
 * How a subject holds a duty: the capabilities it has and the grant chains behind them. The
 * lists are shared between holdings granted alike (read them, do not change them).
 */
export interface DutyHolding {
  capabilities: string[];
  readonly grants: Grant[];
  /** The group the duty comes through, when it is not the subject's own binding. */
  through?: Subject[];
  builtin?: string;
}

export interface DutiesReport {
  duties: readonly Duty[];
  /** Subjects holding at least one duty, sorted. */
  subjects: Subject[];
  /** subjectKey → duty id → holding, from the subject's own bindings. */
  holdings: Map<string, Map<string, DutyHolding>>;
}

const cache = new WeakMap<RbacModel, DutiesReport>();

/** The duties report of a model, computed once. */
export function dutiesOf(model: RbacModel): DutiesReport {
  let report = cache.get(model);
  if (!report) cache.set(model, (report = dutiesReport(model)));
  return report;
}

/** Who holds which duty, from each subject's own bindings (groups appear as themselves). */
export function dutiesReport(model: RbacModel): DutiesReport {
  const holdings = new Map<string, Map<string, DutyHolding>>();
  const masters: Subject = { kind: 'Group', name: SYSTEM_MASTERS };
  const mastersKey = subjectKey(masters);
  holdings.set(mastersKey, new Map(DUTIES.map((d) => [d.id, { capabilities: ['*'], grants: [], builtin: MASTERS_EXPLANATION }])));
  // Ranks of the subjects holding duties (the model sorted every subject once), in the order
  // they are met, and what each holds by rank (an array: no key to hash per binding and subject).
  const ranks: number[] = [model.mastersRank];
  const byRank: (Map<string, DutyHolding> | undefined)[] = new Array(model.subjectOrder.length);
  const table = new RoleDutyTable();
  for (const binding of model.bindings) {
    if (!binding.role || binding.subjects.length === 0) continue;
    const duties = table.of(binding);
    if (duties.length === 0) continue;
    const subjectRanks = binding.subjectRanks;
    for (let i = 0; i < subjectRanks.length; i++) {
      const rank = subjectRanks[i]!;
      // A subject listed twice in one binding holds the same chains once.
      if (rank === model.mastersRank || subjectRanks.indexOf(rank) < i) continue;
      let bySubject = byRank[rank];
      if (!bySubject) {
        byRank[rank] = bySubject = new Map();
        ranks.push(rank);
        holdings.set(binding.subjectKeys[i]!, bySubject);
      }
      for (const held of duties) {
        const holding = bySubject.get(held.duty) as BoundHolding | undefined;
        if (holding) holding.add(binding, held);
        else bySubject.set(held.duty, new BoundHolding(table, binding, held));
      }
    }
  }
  const subjects = Array.from(Int32Array.from(ranks).sort(), (rank) => (rank === model.mastersRank ? masters : model.subjectOrder[rank]!));
  return { duties: DUTIES, subjects, holdings };
}

/** A rule of a role as it takes effect through one kind of binding. */
interface RuleGrant {
  rule: EffectiveRule;
  effective: PolicyRule;
}

/** One duty a role grants through one kind of binding: its capability labels (each once, in rule order) and the rules granting it. */
interface RoleDuty {
  duty: string;
  labels: string[];
  rules: RuleGrant[];
}

/**
 * The duties each role grants through each kind of binding. What a role's rules allow depends
 * on the role and the kind of binding only: worked out once per role and shared by every
 * binding to it (and each distinct rule is matched against the duties once).
 */
class RoleDutyTable {
  private readonly byRole = new Map<RoleNode, { cluster: RoleDuty[]; namespaced: RoleDuty[] }>();
  private readonly byRule = { cluster: new Map<PolicyRule, DutyMatch[]>(), namespaced: new Map<PolicyRule, DutyMatch[]>() };

  /** What the binding's role grants through it. */
  of(binding: BindingNode): RoleDuty[] {
    const role = binding.role!;
    let both = this.byRole.get(role);
    if (!both) this.byRole.set(role, (both = { cluster: roleDuties(role, false, this.byRule.cluster), namespaced: roleDuties(role, true, this.byRule.namespaced) }));
    return binding.kind === 'ClusterRoleBinding' ? both.cluster : both.namespaced;
  }
}

/**
 * A duty held through bindings. Twenty thousand subjects hold duties through fifty thousand
 * bindings, and the analysis asks only which duties they hold: the grant chains are built
 * when first read (by reports and conflict messages), from the bindings. The capability
 * labels are the role's, shared, until another binding adds one.
 */
class BoundHolding implements DutyHolding {
  capabilities: string[];
  private more: BindingNode[] | undefined;
  private built: Grant[] | undefined;

  constructor(
    private readonly table: RoleDutyTable,
    private readonly first: BindingNode,
    private readonly firstDuty: RoleDuty,
  ) {
    this.capabilities = firstDuty.labels;
  }

  add(binding: BindingNode, duty: RoleDuty): void {
    for (const label of duty.labels) {
      if (this.capabilities.includes(label)) continue;
      if (this.capabilities === this.firstDuty.labels) this.capabilities = this.capabilities.slice();
      this.capabilities.push(label);
    }
    (this.more ??= []).push(binding);
  }

  get grants(): Grant[] {
    if (!this.built) {
      const built: Grant[] = [];
      addGrants(built, this.first, this.firstDuty);
      for (const binding of this.more ?? []) addGrants(built, binding, this.table.of(binding).find((d) => d.duty === this.firstDuty.duty)!);
      this.built = built;
    }
    return this.built;
  }
}

function addGrants(grants: Grant[], binding: BindingNode, duty: RoleDuty): void {
  for (const { rule, effective } of duty.rules) {
    const grant: Grant = { binding, role: binding.role!, rule, effective };
    if (binding.namespace !== undefined) grant.namespace = binding.namespace;
    grants.push(grant);
  }
}

function roleDuties(role: RoleNode, throughRoleBinding: boolean, byRule: Map<PolicyRule, DutyMatch[]>): RoleDuty[] {
  const duties: RoleDuty[] = [];
  const byDuty = new Map<string, RoleDuty>();
  for (const rule of role.rules) {
    const effective = throughRoleBinding ? roleBindingForm(rule.rule) : rule.rule;
    if (!effective) continue;
    let matches = byRule.get(effective);
    if (!matches) byRule.set(effective, (matches = dutyMatches(effective, throughRoleBinding)));
    if (matches.length === 0) continue;
    const granting: RuleGrant = { rule, effective };
    for (const { duty, labels } of matches) {
      let held = byDuty.get(duty);
      if (!held) {
        byDuty.set(duty, (held = { duty, labels: [], rules: [] }));
        duties.push(held);
      }
      for (const label of labels) if (!held.labels.includes(label)) held.labels.push(label);
      held.rules.push(granting);
    }
  }
  return duties;
}

interface DutyMatch {
  duty: string;
  labels: string[];
}

/** The duties a rule allows, and through which capabilities (on any object of the kind). */
function dutyMatches(rule: PolicyRule, throughRoleBinding: boolean): DutyMatch[] {
  const matches: DutyMatch[] = [];
  for (const duty of DUTIES) {
    const labels = duty.capabilities.filter((c) => ruleAllowsCapability(rule, c, throughRoleBinding)).map(describeCapability);
    if (labels.length > 0) matches.push({ duty: duty.id, labels });
  }
  return matches;
}

/**
 * The duties a subject effectively holds: its own and those of the groups it is in
 * (a service account holds what system:serviceaccounts holds).
 */
export function effectiveDuties(report: DutiesReport, subject: Subject): Map<string, DutyHolding> {
  const result = new Map<string, DutyHolding>();
  for (const identity of identitiesOf(subject)) {
    const own = report.holdings.get(subjectKey(identity));
    if (!own) continue;
    for (const [duty, holding] of own) {
      if (result.has(duty)) continue;
      result.set(duty, identity === subject ? holding : heldThrough(holding, identity));
    }
  }
  return result;
}

/** A group's holding as a member holds it: the same capabilities and chains, read when needed. */
function heldThrough(holding: DutyHolding, group: Subject): DutyHolding {
  const through: DutyHolding = {
    capabilities: holding.capabilities,
    get grants() {
      return holding.grants;
    },
    through: [group],
  };
  if (holding.builtin !== undefined) through.builtin = holding.builtin;
  return through;
}
