import { capabilities, describeCapability, ruleAllowsCapability, WRITE_VERBS, type Capability } from './capability.js';
import type { RbacModel } from './model.js';
import { compareSubjects, effectiveRule, identitiesOf, MASTERS_EXPLANATION, type Grant } from './query.js';
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

/** How a subject holds a duty: the capabilities it has and the grant chains behind them. */
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
  const subjects = new Map<string, Subject>();
  const masters: Subject = { kind: 'Group', name: SYSTEM_MASTERS };
  const mastersKey = subjectKey(masters);
  subjects.set(mastersKey, masters);
  holdings.set(mastersKey, new Map(DUTIES.map((d) => [d.id, { capabilities: ['*'], grants: [], builtin: MASTERS_EXPLANATION }])));
  // Roles are shared by many bindings and rules repeat across roles: what a rule allows is worked
  // out once per distinct rule and binding kind.
  const allowedBy = new Map<string, DutyMatch[]>();
  const byRuleObject = { ClusterRoleBinding: new WeakMap<PolicyRule, DutyMatch[]>(), RoleBinding: new WeakMap<PolicyRule, DutyMatch[]>() };
  for (const binding of model.bindings) {
    if (!binding.role || binding.subjects.length === 0) continue;
    for (const rule of binding.role.rules) {
      const effective = effectiveRule(binding, rule.rule);
      if (!effective) continue;
      let matches = byRuleObject[binding.kind].get(effective);
      if (!matches) {
        const key = `${binding.kind}|${effective.verbs.join(',')}|${effective.apiGroups.join(',')}|${effective.resources.join(',')}`;
        matches = allowedBy.get(key);
        if (!matches) allowedBy.set(key, (matches = dutyMatches(effective, binding.kind === 'RoleBinding')));
        byRuleObject[binding.kind].set(effective, matches);
      }
      if (matches.length === 0) continue;
      const grant: Grant = { binding, role: binding.role, rule, effective };
      if (binding.namespace !== undefined) grant.namespace = binding.namespace;
      binding.subjects.forEach((subject, i) => {
        const key = binding.subjectKeys[i]!;
        if (key === mastersKey) return;
        subjects.set(key, subject);
        let bySubject = holdings.get(key);
        if (!bySubject) holdings.set(key, (bySubject = new Map()));
        for (const { duty, labels } of matches!) {
          let holding = bySubject.get(duty);
          if (!holding) bySubject.set(duty, (holding = { capabilities: [], grants: [] }));
          for (const label of labels) if (!holding.capabilities.includes(label)) holding.capabilities.push(label);
          // Each binding → rule chain is visited once (a subject listed twice in one binding repeats it).
          if (holding.grants[holding.grants.length - 1] !== grant) holding.grants.push(grant);
        }
      });
    }
  }
  return { duties: DUTIES, subjects: [...subjects.values()].sort(compareSubjects), holdings };
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
