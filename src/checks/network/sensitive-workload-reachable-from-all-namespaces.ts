import { defineCheck } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import { evaluateDirection, formatConnections, INGRESS_CONTROLLER, isEmpty, isUnderPolicy, networkModelOf } from '../../network/index.js';
import { settingsSection, stringList } from '../supply-chain/settings.js';

/** Why a workload is sensitive, or undefined. Labels come from `settings.network.sensitiveLabels` (`key` or `key=value`). */
export function sensitivity(workload: Workload, labels: Record<string, string>, sensitiveLabels: readonly string[]): string | undefined {
  for (const spec of sensitiveLabels) {
    const [key, value] = spec.split('=', 2) as [string, string | undefined];
    if (labels[key] !== undefined && (value === undefined || labels[key] === value)) return `it carries the sensitive label ${spec}`;
  }
  if (workload.containers.some((c) => c.container.securityContext?.privileged === true)) return 'it runs a privileged container';
  for (const volume of Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes : []) {
    if (!isRecord(volume)) continue;
    if (isRecord(volume.secret)) return `it mounts Secret "${String(volume.secret.secretName ?? '')}"`;
    const sources = isRecord(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    const secret = sources.find((s: unknown) => isRecord(s) && isRecord(s.secret));
    if (secret) return `it mounts Secret "${String(secret.secret.name ?? '')}"`;
  }
  return undefined;
}

export default defineCheck({
  id: 'sensitive-workload-reachable-from-all-namespaces',
  code: 'SKD-808',
  title: 'Sensitive workload reachable from every namespace',
  description: 'A workload that mounts Secrets, runs privileged or carries a configured sensitive label accepts connections from pods in any namespace.',
  severity: 'high',
  category: 'network',
  frameworks: { nsa: ['Network separation and hardening: NetworkPolicies'], mitre: ['T1210', 'T1552'] },
  docs: {
    rationale:
      'Workloads holding credentials or running privileged are what an attacker in any compromised pod is looking for. When no policy (or a rule selecting every namespace) admits traffic from the whole cluster, a foothold anywhere is one connection away from them.',
    remediation:
      'Select the workload with an ingress NetworkPolicy that admits only its known clients (podSelector, or namespaceSelector on kubernetes.io/metadata.name plus podSelector). Label sets that mark sensitive workloads are configured under `settings.network.sensitiveLabels` in `.stockade.yaml`.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/'],
  },
  messages: { reachable: '{{workload}} is sensitive ({{why}}) and accepts {{connections}} from pods in every namespace.' },
  scope: 'inventory',
  check(inventory, ctx) {
    const sensitiveLabels = stringList(settingsSection(ctx.options.settings, 'network'), 'sensitiveLabels', 'network') ?? [];
    const model = networkModelOf(inventory);
    return model.workloads.flatMap((w) => {
      if (!isUnderPolicy(model, w)) return [];
      const why = sensitivity(w.workload, w.labels, sensitiveLabels);
      if (!why) return [];
      // A pod we know nothing about stands for "any pod in any namespace" (as in exposure).
      const open = evaluateDirection(model, 'Ingress', INGRESS_CONTROLLER, w).allowed;
      if (isEmpty(open)) return [];
      return [{ messageId: 'reachable' as const, entry: w.entry, data: { workload: `${w.kind} ${w.namespace}/${w.name}`, why, connections: formatConnections(open) } }];
    });
  },
});
