import { defineCheck } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import type { FieldPath } from '../../core/path.js';
import { containerPath, containersPhrase, joinQuote, NSA_HARDENED_RUNTIME, pluralize, podPath, podSecurityContextOf, pssControl, securityContextOf, sortedSet, stringOr, type PssEvaluator, type PssFinding } from './pss.js';

type MessageId = 'forbiddenType' | 'userSet' | 'roleSet';

const TYPES_V1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_V1_31 = [...TYPES_V1_0, 'container_engine_t'];

function allowingTypes(types: readonly string[]): PssEvaluator<MessageId> {
  const allowed = new Set(types);
  return (workload: Workload) => {
    const badTypes: string[] = [];
    let userSet = false;
    let roleSet = false;
    const findings: PssFinding<MessageId>[] = [];
    // Reports the forbidden parts of one seLinuxOptions; true when there are any. The path is
    // built only for options that are there: most pods and containers set none.
    const inspect = (options: unknown, pathOf: () => FieldPath, container: string | undefined): boolean => {
      if (!isRecord(options)) return false;
      const path = pathOf();
      const before = findings.length;
      const add = (messageId: MessageId, field: string) =>
        findings.push(container === undefined ? { messageId, path: [...path, field] } : { messageId, path: [...path, field], container });
      const type = stringOr(options.type, '');
      if (!allowed.has(type)) {
        badTypes.push(type);
        add('forbiddenType', 'type');
      }
      if (stringOr(options.user, '') !== '') {
        userSet = true;
        add('userSet', 'user');
      }
      if (stringOr(options.role, '') !== '') {
        roleSet = true;
        add('roleSet', 'role');
      }
      return findings.length > before;
    };
    const setters: string[] = [];
    if (inspect(podSecurityContextOf(workload.podSpec)?.seLinuxOptions, () => podPath(workload, 'securityContext', 'seLinuxOptions'), undefined)) setters.push('pod');
    const badContainers = workload.containers
      .filter((ref) => inspect(securityContextOf(ref)?.seLinuxOptions, () => containerPath(ref, 'securityContext', 'seLinuxOptions'), ref.name))
      .map((ref) => ref.name);
    if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
    if (findings.length === 0) return undefined;
    const parts: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) parts.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (userSet) parts.push('user may not be set');
    if (roleSet) parts.push('role may not be set');
    return { detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${parts.join('; ')}`, findings };
  };
}

export default defineCheck({
  id: 'selinux-options',
  code: 'SKD-109',
  title: 'Custom SELinux options',
  description: 'Pods and containers must not set a custom SELinux user or role, or a type outside the container types.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'SELinux' },
    nsa: [NSA_HARDENED_RUNTIME],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      'SELinux confines containers through the container_t type family; a custom type such as spc_t (super-privileged container) or a custom user or role lifts that confinement.',
    remediation:
      'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and use only the types container_t, container_init_t, container_kvm_t or (policy v1.31+) container_engine_t.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    example: {
      bad: 'securityContext:\n  seLinuxOptions:\n    type: spc_t\n',
      good: 'securityContext:\n  seLinuxOptions:\n    level: "s0:c123,c456"\n',
    },
  },
  messages: {
    forbiddenType: 'seLinuxOptions ({{detail}})',
    userSet: 'seLinuxOptions ({{detail}})',
    roleSet: 'seLinuxOptions ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<MessageId>([
    { since: 'v1.0', evaluate: allowingTypes(TYPES_V1_0) },
    { since: 'v1.31', evaluate: allowingTypes(TYPES_V1_31) },
  ]),
});
