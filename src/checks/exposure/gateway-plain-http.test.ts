import { testCheck } from '../check-tester.js';
import check from './gateway-plain-http.js';

const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: infra}
spec:
  gatewayClassName: cilium
  listeners:
  - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
  - {name: https, protocol: HTTPS, port: 443, tls: {certificateRefs: [{name: web-tls}]}}`;
const route = (name: string, section: string, rules: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: shop}
spec:
  parentRefs: [{name: web, namespace: infra, sectionName: ${section}}]
  rules: ${rules}`;
const serve = '[{backendRefs: [{name: shop, port: 80}]}]';
const redirect = '[{filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]}]';

testCheck(check, {
  valid: [
    { name: 'HTTP listener only redirects', yaml: `${gateway}\n---\n${route('redirect', 'http', redirect)}\n---\n${route('shop', 'https', serve)}` },
    { name: 'no routes in the scan', yaml: gateway },
    {
      name: 'route from another namespace is not admitted by default (Same)',
      yaml: `${gateway.replace(', allowedRoutes: {namespaces: {from: All}}', '')}\n---\n${route('shop', 'http', serve)}`,
    },
  ],
  invalid: [
    {
      name: 'route served on the HTTP listener',
      yaml: `${gateway}\n---\n${route('shop', 'http', serve)}`,
      errors: [{ messageId: 'plain', path: 'spec.listeners[0].protocol' }],
    },
    {
      name: 'namespace admitted by a label selector',
      yaml: `${gateway.replace('{from: All}', '{from: Selector, selector: {matchLabels: {expose: public}}}')}\n---\n${route('shop', 'http', serve)}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {expose: public}}`,
      errors: [{ messageId: 'plain' }],
    },
    {
      name: 'route without sectionName attaches to every listener',
      yaml: `${gateway}\n---\n${route('shop', 'null', serve).replace(', sectionName: null', '')}`,
      errors: [{ messageId: 'plain', path: 'spec.listeners[0].protocol' }],
    },
  ],
});
