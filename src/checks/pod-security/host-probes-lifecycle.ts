import { defineCheck } from '../../core/check.js';
import type { JsonPatchOp } from '../../core/finding.js';
import { isRecord } from '../../core/k8s/object.js';
import { toJsonPointer } from '../../core/path.js';
import { containerPath, containersPhrase, joinQuote, NSA_NETWORK_SEPARATION, pluralize, pssControl, sortedSet, type PssFinding } from './pss.js';

/** Where a container names a host to probe or call: the handler and its two network actions. */
const HANDLERS: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

export default defineCheck({
  id: 'host-probes-lifecycle',
  code: 'SKD-112',
  title: 'Probe or lifecycle hook targets another host',
  description: 'Probes and lifecycle hooks must not name a host: the kubelet would connect to it from the node.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'Host Probes / Lifecycle Hooks' },
    nsa: [NSA_NETWORK_SEPARATION],
  },
  docs: {
    rationale:
      "HTTP and TCP probes and lifecycle hooks are performed by the kubelet from the node's network. A `host` field lets a pod author make the kubelet reach any address the node can, including node-local and cloud metadata services (server-side request forgery). Forbidden from policy v1.34.",
    remediation: 'Remove `host` from `httpGet` and `tcpSocket` probes and hooks so that they target the pod itself.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    example: {
      bad: 'livenessProbe:\n  httpGet:\n    host: 169.254.169.254\n    path: /\n    port: 80\n',
      good: 'livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n',
    },
  },
  messages: {
    host: 'probe or lifecycle host ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.34',
      evaluate(workload) {
        const badContainers: string[] = [];
        const hosts: string[] = [];
        const findings: PssFinding<'host'>[] = [];
        for (const ref of workload.containers) {
          let bad = false;
          for (const handlerPath of HANDLERS) {
            let handler: unknown = ref.container;
            for (const key of handlerPath) handler = isRecord(handler) ? handler[key] : undefined;
            if (!isRecord(handler)) continue;
            for (const action of ACTIONS) {
              const target = handler[action];
              if (!isRecord(target) || typeof target.host !== 'string' || target.host === '') continue;
              bad = true;
              hosts.push(target.host);
              const path = containerPath(ref, ...handlerPath, action, 'host');
              // Without a host the probe goes to the pod IP: right for health checks, but a person should confirm.
              const fix: JsonPatchOp[] = [{ op: 'remove', path: toJsonPointer(path) }];
              findings.push({ messageId: 'host', path, container: ref.name, fix, fixSafety: 'unsafe' });
            }
          }
          if (bad) badContainers.push(ref.name);
        }
        if (findings.length === 0) return undefined;
        const names = sortedSet(badContainers);
        const distinctHosts = sortedSet(hosts);
        return {
          detail: `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinctHosts.length)} ${joinQuote(distinctHosts)}`,
          findings,
        };
      },
    },
  ]),
});
