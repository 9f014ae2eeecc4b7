import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import type { Workload } from '../../core/k8s/workload.js';
import { containerPath, containersPhrase, inUserNamespace, NSA_NON_ROOT, podPath, podSecurityContextOf, pssControl, securityContextOf, type PssFinding, type PssVerdict } from './pss.js';

type MessageId = 'runAsNonRootFalse' | 'runAsNonRootNotSet';

// Paths are built for the fields reported, not for every container looked at.
const podFieldPath = (workload: Workload) => podPath(workload, 'securityContext', 'runAsNonRoot');

function requireNonRoot(workload: Workload): PssVerdict<MessageId> | undefined {
  const setters: string[] = [];
  const explicit: PssFinding<MessageId>[] = [];
  const implicit: PssFinding<MessageId>[] = [];
  const podValue = podSecurityContextOf(workload.podSpec)?.runAsNonRoot;
  if (podValue === false) {
    setters.push('pod');
    const path = podFieldPath(workload);
    explicit.push({ messageId: 'runAsNonRootFalse', path, fix: setFieldPatch(workload.object, path, true), fixSafety: 'unsafe' });
  }
  const explicitContainers: string[] = [];
  const implicitContainers: string[] = [];
  for (const ref of workload.containers) {
    const value = securityContextOf(ref)?.runAsNonRoot;
    if (value === true || (value !== false && podValue === true)) continue;
    const path = containerPath(ref, 'securityContext', 'runAsNonRoot');
    if (value === false) {
      explicitContainers.push(ref.name);
      explicit.push({ messageId: 'runAsNonRootFalse', path, container: ref.name, fix: setFieldPatch(workload.object, path, true), fixSafety: 'unsafe' });
    } else {
      implicitContainers.push(ref.name);
      const finding: PssFinding<MessageId> = { messageId: 'runAsNonRootNotSet', path, container: ref.name };
      // One pod-level runAsNonRoot covers every container that sets nothing itself. Unsafe: an
      // image whose user is root (or is not numeric) no longer starts.
      if (implicit.length === 0 && podValue === undefined) {
        finding.fix = setFieldPatch(workload.object, podFieldPath(workload), true);
        finding.fixSafety = 'unsafe';
      }
      implicit.push(finding);
    }
  }
  if (explicitContainers.length > 0) setters.push(containersPhrase(explicitContainers));
  if (setters.length > 0) {
    return { detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`, findings: [...explicit, ...implicit] };
  }
  if (implicit.length === 0) return undefined;
  return { detail: `pod or ${containersPhrase(implicitContainers)} must set securityContext.runAsNonRoot=true`, findings: implicit };
}

export default defineCheck({
  id: 'run-as-non-root',
  code: 'SKD-115',
  title: 'Not required to run as non-root',
  description: 'Pods must require their containers to run as a non-root user (runAsNonRoot: true).',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'restricted', control: 'Running as Non-root' },
    nsa: [NSA_NON_ROOT],
    cis: ['5.2.7'],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      'A process running as root inside the container is root on the node as soon as it escapes (without user namespaces), and owns every file the container can reach. `runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root.',
    remediation:
      'Set `securityContext.runAsNonRoot: true` on the pod (or every container) and build images with a numeric non-root USER; from policy v1.35 pods with `hostUsers: false` are exempt.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    example: {
      bad: 'spec:\n  containers:\n  - name: app\n    image: app:1.0\n',
      good: 'spec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n  containers:\n  - name: app\n    image: app:1.0\n',
    },
  },
  messages: {
    runAsNonRootFalse: 'runAsNonRoot != true ({{detail}})',
    runAsNonRootNotSet: 'runAsNonRoot != true ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<MessageId>([
    { since: 'v1.0', evaluate: requireNonRoot },
    // In its own user namespace (hostUsers: false) container root maps to an unprivileged host user.
    { since: 'v1.35', evaluate: (workload) => (inUserNamespace(workload.podSpec) ? undefined : requireNonRoot(workload)) },
  ]),
});
