import { defineCheck, type Violation } from '../../core/check.js';
import { workloadOf } from '../../core/k8s/workload.js';
import type { AdmissionRequest } from '../review.js';

/** `kubectl exec` and `kubectl attach` arrive as CONNECT on these pod subresources. */
const ESCALATING_SUBRESOURCES = new Set(['exec', 'attach']);

export function isEscalatingExec(request: AdmissionRequest): boolean {
  return (
    request.operation === 'CONNECT' &&
    request.resource.group === '' &&
    request.resource.resource === 'pods' &&
    request.subResource !== undefined &&
    ESCALATING_SUBRESOURCES.has(request.subResource)
  );
}

/**
 * DenyEscalatingExec: a shell in a privileged or host-namespace pod is a shell on the node.
 * Judged on the target pod as fetched from the API, so the pod's own `stockade.dev/ignore`
 * annotation and config exceptions apply as for any check.
 */
export default defineCheck({
  id: 'escalating-exec',
  code: 'SKD-952',
  title: 'Exec or attach into a privileged or host-namespace pod',
  description: 'Interactive access to pods that are privileged or share the host namespaces is denied, because it is access to the node.',
  severity: 'high',
  category: 'pod-security',
  frameworks: { mitre: ['T1609', 'T1611'], nsa: ['Pod security: non-root, unprivileged containers'] },
  docs: {
    rationale:
      'A privileged container or one sharing the host PID, IPC or network namespace can reach the node: kubectl exec into it gives whoever holds pods/exec a path to the host, bypassing the intent of the pod security policy that let the pod run.',
    remediation: 'Debug such pods from the node or with an ephemeral debug container under a stricter policy; grant pods/exec only to cluster administrators.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyescalatingexec'],
  },
  messages: {
    privileged: 'Pod is privileged (container "{{container}}" sets securityContext.privileged=true).',
    hostNamespace: 'Pod shares the host {{namespace}} namespace ({{field}}=true).',
  },
  defaultEnabled: false,
  scope: 'object',
  kinds: ['Pod'],
  check(object) {
    const workload = workloadOf(object);
    if (!workload) return [];
    const out: Violation<'privileged' | 'hostNamespace'>[] = [];
    for (const ref of workload.containers) {
      if (ref.container.securityContext?.privileged === true) {
        out.push({ messageId: 'privileged' as const, data: { container: ref.name }, path: [...ref.path, 'securityContext', 'privileged'], container: ref.name });
      }
    }
    for (const [field, namespace] of [['hostPID', 'PID'], ['hostIPC', 'IPC'], ['hostNetwork', 'network']] as const) {
      if (workload.podSpec[field] === true) out.push({ messageId: 'hostNamespace' as const, data: { namespace, field }, path: [...workload.podSpecPath, field] });
    }
    return out;
  },
});
