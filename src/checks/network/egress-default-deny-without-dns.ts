import { defineCheck } from '../../core/check.js';
import { contains, evaluateDirection, isolatingPolicies, isUnderPolicy, networkModelOf, type PolicyRule, type WorkloadEndpoint } from '../../network/index.js';
import { settingsSection, stringMap } from '../supply-chain/settings.js';
import { policyName } from './network.js';

function mayAllowDns(rule: PolicyRule): boolean {
  return (
    rule.ports === undefined ||
    rule.ports.some((p) => p.protocol === 'UDP' && (typeof p.port !== 'number' || (p.port <= 53 && 53 <= (p.endPort ?? p.port))))
  );
}

export default defineCheck({
  id: 'egress-default-deny-without-dns',
  code: 'SKD-809',
  title: 'Egress isolation without a DNS exception',
  description: 'Policies isolate the egress of a workload but allow no DNS (UDP 53) to the cluster DNS or any address, which breaks name resolution.',
  severity: 'low',
  category: 'network',
  frameworks: {},
  docs: {
    rationale:
      'Once a pod is isolated for egress, everything not allowed is dropped, DNS included. The workload then fails in confusing ways (timeouts resolving every Service name), and the usual quick fix is to remove the isolation altogether.',
    remediation:
      'Allow UDP and TCP 53 to the cluster DNS: `to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]`. Another DNS is configured as `settings.network.dns: {namespace, labels}`.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic'],
  },
  messages: { noDns: '{{workload}} is isolated for egress by {{policies}}, and no rule allows DNS (UDP 53) to the cluster DNS.' },
  scope: 'inventory',
  check(inventory, ctx) {
    const section = settingsSection(ctx.options.settings, 'network');
    const dns = settingsSection(section, 'dns');
    const dnsNamespace = typeof dns.namespace === 'string' ? dns.namespace : 'kube-system';
    const dnsLabels = stringMap(dns, 'labels', 'network.dns') ?? { 'k8s-app': 'kube-dns' };
    const model = networkModelOf(inventory);
    return model.workloads.flatMap((w) => {
      if (!isUnderPolicy(model, w)) return [];
      const isolating = isolatingPolicies(model, w, 'Egress');
      if (isolating.length === 0) return [];
      const finding = [{ messageId: 'noDns' as const, entry: w.entry, data: { workload: `${w.kind} ${w.namespace}/${w.name}`, policies: isolating.map(policyName).join(', ') } }];
      // No rule that could carry UDP 53 at all: no need to ask every destination.
      if (model.adminPolicies.length === 0 && !isolating.some((p) => p.rules.Egress.some(mayAllowDns))) return finding;
      // The cluster DNS as the input shows it, or as it runs in every cluster when the input does not.
      const servers: WorkloadEndpoint[] = model.workloads.filter(
        (d) => d.namespace === dnsNamespace && Object.entries(dnsLabels).every(([k, v]) => d.labels[k] === v),
      );
      if (servers.length === 0) {
        servers.push({ ...w, index: -1, kind: 'Deployment', name: 'cluster-dns', namespace: dnsNamespace, labels: dnsLabels, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }], hostNetwork: false });
      }
      const destinations = [...servers, ...model.externalDestinations];
      return destinations.some((d) => contains(evaluateDirection(model, 'Egress', w, d).allowed, 'UDP', 53)) ? [] : finding;
    });
  },
});
