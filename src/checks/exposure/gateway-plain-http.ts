import { defineCheck, type Violation } from '../../core/check.js';
import type { Inventory, InventoryEntry } from '../../core/inventory.js';
import { describeObject, groupOf, isRecord, labelsOf, namespaceOf } from '../../core/k8s/object.js';
import { specOf } from './services.js';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** Whether every rule of a route only redirects to HTTPS (the usual job of a port-80 listener). */
function onlyRedirectsToHttps(route: InventoryEntry): boolean {
  const rules = specOf(route.object).rules;
  if (!Array.isArray(rules) || rules.length === 0) return false;
  return rules.every(
    (rule) =>
      isRecord(rule) &&
      Array.isArray(rule.filters) &&
      rule.filters.some((f) => isRecord(f) && f.type === 'RequestRedirect' && isRecord(f.requestRedirect) && f.requestRedirect.scheme === 'https'),
  );
}

/**
 * Whether a listener admits routes from a namespace: `allowedRoutes.namespaces.from` is Same
 * by default; a Selector is matched against the Namespace's labels when the scan has it (an
 * unverifiable attachment is not reported).
 */
function admits(listener: Record<string, unknown>, gatewayNamespace: string, routeNamespace: string, inventory: Inventory): boolean {
  const namespaces = isRecord(listener.allowedRoutes) && isRecord(listener.allowedRoutes.namespaces) ? listener.allowedRoutes.namespaces : {};
  const from = typeof namespaces.from === 'string' ? namespaces.from : 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNamespace === gatewayNamespace;
  if (from !== 'Selector' || !isRecord(namespaces.selector) || !isRecord(namespaces.selector.matchLabels)) return false;
  const declared = inventory.find('Namespace', undefined, routeNamespace);
  if (!declared) return false;
  const labels = labelsOf(declared.object);
  return Object.entries(namespaces.selector.matchLabels).every(([k, v]) => labels[k] === v);
}

export default defineCheck({
  id: 'gateway-plain-http',
  code: 'SKD-414',
  title: 'Gateway serves application traffic over plain HTTP',
  description: 'Gateway API listeners with `protocol: HTTP` should only redirect to HTTPS, not serve routes.',
  severity: 'medium',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: encryption'], mitre: ['T1557', 'T1040'] },
  docs: {
    rationale:
      'An HTTPRoute attached to an HTTP listener of a Gateway serves its backends without TLS: credentials and session cookies cross the network in clear text. A port-80 listener is fine when every route attached to it only redirects to HTTPS. Reported only for routes in the scan that attach to the listener (respecting its `allowedRoutes`).',
    remediation: 'Attach the route to an HTTPS listener (with `tls.certificateRefs`) and leave the HTTP listener with a single route whose rules use a `RequestRedirect` filter with `scheme: https`.',
    references: ['https://gateway-api.sigs.k8s.io/guides/http-redirect-rewrite/'],
  },
  messages: {
    plain: '{{gateway}} listener "{{listener}}" (HTTP, port {{port}}) serves {{routes}} without TLS; attach them to an HTTPS listener and keep only an HTTPS redirect on this one.',
  },
  scope: 'inventory',
  check(inventory) {
    const routes = inventory.ofKind('HTTPRoute').filter((e) => groupOf(e.object.apiVersion) === GATEWAY_GROUP);
    const out: Violation<'plain'>[] = [];
    if (routes.length === 0) return out;
    for (const entry of inventory.ofKind('Gateway')) {
      const gateway = entry.object;
      if (groupOf(gateway.apiVersion) !== GATEWAY_GROUP) continue;
      const listeners = specOf(gateway).listeners;
      if (!Array.isArray(listeners)) continue;
      listeners.forEach((listener, index) => {
        if (!isRecord(listener) || listener.protocol !== 'HTTP') return;
        const gatewayNamespace = namespaceOf(gateway) ?? '';
        const attached = routes.filter((route) => {
          const parents = specOf(route.object).parentRefs;
          const routeNamespace = namespaceOf(route.object) ?? '';
          return (
            admits(listener, gatewayNamespace, routeNamespace, inventory) &&
            Array.isArray(parents) &&
            parents.some(
              (p) =>
                isRecord(p) &&
                p.name === gateway.metadata?.name &&
                (p.kind === undefined || p.kind === 'Gateway') &&
                (typeof p.namespace === 'string' ? p.namespace : routeNamespace) === gatewayNamespace &&
                (p.sectionName === undefined || p.sectionName === listener.name),
            )
          );
        });
        const serving = attached.filter((route) => !onlyRedirectsToHttps(route));
        if (serving.length === 0) return;
        out.push({
          messageId: 'plain',
          data: {
            gateway: describeObject(gateway),
            listener: String(listener.name ?? index),
            port: String(listener.port ?? '?'),
            routes: serving.map((r) => describeObject(r.object)).join(', '),
          },
          path: ['spec', 'listeners', index, 'protocol'],
          entry,
          discriminator: String(listener.name ?? index),
        });
      });
    }
    return out;
  },
});
