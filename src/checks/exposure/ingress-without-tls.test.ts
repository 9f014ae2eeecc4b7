import { testCheck } from '../check-tester.js';
import check from './ingress-without-tls.js';

const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec: ${spec}`;
const rule = (host: string) => `{host: ${host}, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}`;

testCheck(check, {
  valid: [
    { name: 'every host covered', yaml: ingress(`{tls: [{hosts: [shop.example.com], secretName: shop-tls}], rules: [${rule('shop.example.com')}]}`) },
    { name: 'wildcard certificate', yaml: ingress(`{tls: [{hosts: ["*.example.com"], secretName: wild}], rules: [${rule('shop.example.com')}]}`) },
    { name: 'TLS entry without hosts', yaml: ingress(`{tls: [{secretName: default}], rules: [${rule('a.example.com')}]}`) },
    { name: 'a CRD named Ingress', yaml: 'apiVersion: example.com/v1\nkind: Ingress\nmetadata: {name: x}\nspec: {}' },
  ],
  invalid: [
    { name: 'no TLS at all', yaml: ingress(`{rules: [${rule('shop.example.com')}]}`), errors: [{ messageId: 'noTls', path: 'spec.tls' }] },
    {
      name: 'wildcard covers one label only',
      yaml: ingress(`{tls: [{hosts: ["*.example.com"], secretName: wild}], rules: [${rule('a.b.example.com')}, ${rule('c.example.com')}]}`),
      errors: [{ messageId: 'hostNotCovered', path: 'spec.rules[0].host' }],
    },
    {
      name: 'legacy extensions Ingress',
      yaml: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old}\nspec: {backend: {serviceName: web, servicePort: 80}}',
      errors: [{ messageId: 'noTls' }],
    },
  ],
});
