import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import type { Workload } from '../../core/k8s/workload.js';
import { containerPath, containersPhrase, isWindowsPod, joinQuote, NSA_HARDENED_RUNTIME, podPath, pssControl, sortedSet, type PssFinding, type PssVerdict } from './pss.js';
import { containerSeccompType, isConfinedSeccompType, podSeccompType } from './seccomp.js';

type MessageId = 'unconfined' | 'notSet';

// Paths are built for the fields reported, not for every container looked at.
const podTypePath = (workload: Workload) => podPath(workload, 'securityContext', 'seccompProfile', 'type');

function requiredSeccomp(workload: Workload): PssVerdict<MessageId> | undefined {
  const setters: string[] = [];
  const values: string[] = [];
  const explicit: PssFinding<MessageId>[] = [];
  const implicit: PssFinding<MessageId>[] = [];
  const podType = podSeccompType(workload.podSpec);
  const podConfined = podType !== undefined && isConfinedSeccompType(podType);
  if (podType !== undefined && !podConfined) {
    setters.push('pod');
    values.push(podType);
    const path = podTypePath(workload);
    explicit.push({ messageId: 'unconfined', path, fix: setFieldPatch(workload.object, path, 'RuntimeDefault'), fixSafety: 'unsafe' });
  }
  const explicitContainers: string[] = [];
  const implicitContainers: string[] = [];
  for (const ref of workload.containers) {
    const type = containerSeccompType(ref);
    if (type === undefined ? podConfined : isConfinedSeccompType(type)) continue;
    const path = containerPath(ref, 'securityContext', 'seccompProfile', 'type');
    if (type !== undefined) {
      explicitContainers.push(ref.name);
      values.push(type);
      // Someone chose Unconfined: the workload may need system calls the default profile blocks.
      explicit.push({ messageId: 'unconfined', path, container: ref.name, fix: setFieldPatch(workload.object, path, 'RuntimeDefault'), fixSafety: 'unsafe' });
    } else {
      implicitContainers.push(ref.name);
      const finding: PssFinding<MessageId> = { messageId: 'notSet', path, container: ref.name };
      // One pod-level RuntimeDefault covers every container that sets nothing itself.
      if (implicit.length === 0 && podType === undefined) {
        finding.fix = setFieldPatch(workload.object, podTypePath(workload), 'RuntimeDefault');
        finding.fixSafety = 'safe';
      }
      implicit.push(finding);
    }
  }
  if (explicitContainers.length > 0) setters.push(containersPhrase(explicitContainers));
  if (setters.length > 0) {
    return {
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
      findings: [...explicit, ...implicit],
    };
  }
  if (implicit.length === 0) return undefined;
  return {
    detail: `pod or ${containersPhrase(implicitContainers)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    findings: implicit,
  };
}

export default defineCheck({
  id: 'seccomp-restricted',
  code: 'SKD-117',
  title: 'Seccomp profile not set',
  description: 'Pods must set a seccomp profile, RuntimeDefault or Localhost, for every container.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'restricted', control: 'Seccomp' },
    nsa: [NSA_HARDENED_RUNTIME],
    cis: ['5.7.2'],
  },
  docs: {
    rationale:
      'Without a profile most runtimes start containers unconfined, with every system call available, including those behind known container escapes. RuntimeDefault blocks them at negligible cost. Required from policy v1.19; from v1.25 Windows pods (`spec.os.name: windows`) are exempt.',
    remediation: 'Set `spec.securityContext.seccompProfile.type: RuntimeDefault` on the pod (or `Localhost` with a node-installed profile), or on every container.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted', 'https://kubernetes.io/docs/tutorials/security/seccomp/'],
    example: {
      bad: 'spec:\n  containers:\n  - name: app\n    image: app:1.0\n',
      good: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: app\n    image: app:1.0\n',
    },
  },
  messages: {
    unconfined: 'seccompProfile ({{detail}})',
    notSet: 'seccompProfile ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<MessageId>([
    { since: 'v1.19', evaluate: requiredSeccomp },
    // Windows has no seccomp: the API rejects the field on Windows pods.
    { since: 'v1.25', evaluate: (workload) => (isWindowsPod(workload.podSpec) ? undefined : requiredSeccomp(workload)) },
  ]),
});
