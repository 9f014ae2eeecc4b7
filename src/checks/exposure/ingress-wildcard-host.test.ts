import { testCheck } from '../check-tester.js';
import check from './ingress-wildcard-host.js';

const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec: ${spec}`;
const backend = '{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}';

testCheck(check, {
  valid: [{ name: 'exact host', yaml: ingress(`{rules: [{host: shop.example.com, http: {paths: []}}]}`) }],
  invalid: [
    { name: 'wildcard host', yaml: ingress(`{rules: [{host: "*.example.com", http: {paths: []}}]}`), errors: [{ messageId: 'wildcard', path: 'spec.rules[0].host', severity: 'medium' }] },
    { name: 'rule without host', yaml: ingress(`{rules: [${backend}]}`), errors: [{ messageId: 'noHost', path: 'spec.rules[0]', severity: 'low' }] },
    {
      name: 'default backend',
      yaml: ingress('{defaultBackend: {service: {name: web, port: {number: 80}}}}'),
      errors: [{ messageId: 'defaultBackend', path: 'spec.defaultBackend' }],
    },
  ],
});
