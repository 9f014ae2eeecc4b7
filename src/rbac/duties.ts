import { capabilities, describeCapability, ruleAllowsCapability, WRITE_VERBS, type Capability } from './capability.js';
import type { EffectiveRule, RbacModel, RoleNode } from './model.js';
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
  grants: Grant[];
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
  // Ranks of the subjects holding duties (the model sorted every subject once).
  const ranks: number[] = [model.mastersRank];
  const byRole = new Map<RoleNode, { cluster: RoleDuties; namespaced: RoleDuties }>();
  const byRule = { ClusterRoleBinding: new Map<PolicyRule, DutyMatch[]>(), RoleBinding: new Map<PolicyRule, DutyMatch[]>() };
  // A holding starts as the lists its first binding grants, shared with the other subjects of
  // that binding (and the labels with every binding to the role); it gets lists of its own
  // only when a second binding adds to it.
  const owned = new Set<DutyHolding>();
  for (const binding of model.bindings) {
    const role = binding.role;
    if (!role || binding.subjects.length === 0) continue;
    // What a role's rules allow depends on the role and the kind of binding only: worked out
    // once per role and shared by every binding to it.
    let both = byRole.get(role);
    if (!both) byRole.set(role, (both = { cluster: roleDuties(role, false, byRule.ClusterRoleBinding), namespaced: roleDuties(role, true, byRule.RoleBinding) }));
    const { rules, duties } = binding.kind === 'ClusterRoleBinding' ? both.cluster : both.namespaced;
    if (rules.length === 0) continue;
    const grants = rules.map(({ rule, effective }) => {
      const grant: Grant = { binding, role, rule, effective };
      if (binding.namespace !== undefined) grant.namespace = binding.namespace;
      return grant;
    });
    const grantsByDuty = duties.map(({ ruleIndexes }) => ruleIndexes.map((r) => grants[r]!));
    for (let i = 0; i < binding.subjects.length; i++) {
      const key = binding.subjectKeys[i]!;
      // A subject listed twice in one binding holds the same chains once.
      if (key === mastersKey || binding.subjectKeys.indexOf(key) < i) continue;
      let bySubject = holdings.get(key);
      if (!bySubject) {
        holdings.set(key, (bySubject = new Map()));
        ranks.push(binding.subjectRanks[i]!);
      }
      for (let d = 0; d < duties.length; d++) {
        const { duty, labels } = duties[d]!;
        const holding = bySubject.get(duty);
        if (!holding) {
          bySubject.set(duty, { capabilities: labels, grants: grantsByDuty[d]! });
          continue;
        }
        if (!owned.has(holding)) {
          holding.capabilities = holding.capabilities.slice();
          holding.grants = holding.grants.slice();
          owned.add(holding);
        }
        for (const label of labels) if (!holding.capabilities.includes(label)) holding.capabilities.push(label);
        holding.grants.push(...grantsByDuty[d]!);
      }
    }
  }
  const subjects = Array.from(Int32Array.from(ranks).sort(), (rank) => (rank === model.mastersRank ? masters : model.subjectOrder[rank]!));
  return { duties: DUTIES, subjects, holdings };
}

/** The rules of a role granting some duty through one kind of binding, and what each duty comes from. */
interface RoleDuties {
  rules: { rule: EffectiveRule; effective: PolicyRule }[];
  /** Per duty held: its capability labels (each once, in rule order) and the rules (indexes in `rules`) granting it. */
  duties: { duty: string; labels: string[]; ruleIndexes: number[] }[];
}

function roleDuties(role: RoleNode, throughRoleBinding: boolean, byRule: Map<PolicyRule, DutyMatch[]>): RoleDuties {
  const result: RoleDuties = { rules: [], duties: [] };
  const byDuty = new Map<string, RoleDuties['duties'][number]>();
  for (const rule of role.rules) {
    const effective = throughRoleBinding ? roleBindingForm(rule.rule) : rule.rule;
    if (!effective) continue;
    // Rules are shared by content (the model interns them): each is matched against the duties once.
    let matches = byRule.get(effective);
    if (!matches) byRule.set(effective, (matches = dutyMatches(effective, throughRoleBinding)));
    if (matches.length === 0) continue;
    const index = result.rules.push({ rule, effective }) - 1;
    for (const { duty, labels } of matches) {
      let held = byDuty.get(duty);
      if (!held) {
        byDuty.set(duty, (held = { duty, labels: [], ruleIndexes: [] }));
        result.duties.push(held);
      }
      for (const label of labels) if (!held.labels.includes(label)) held.labels.push(label);
      held.ruleIndexes.push(index);
    }
  }
  return result;
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
      result.set(duty, identity === subject ? holding : { ...holding, through: [identity] });
    }
  }
  return result;
}
