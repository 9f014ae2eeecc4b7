import { testCheck } from '../check-tester.js';
import check from './ingress-backend-missing.js';

const ingress = (service: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec: {rules: [{host: a.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ${service}, port: {number: 80}}}}]}}]}`;
const service = (name: string, namespace = 'shop') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {ports: [{port: 80}]}`;

testCheck(check, {
  valid: [
    { name: 'backend exists', yaml: `${ingress('web')}\n---\n${service('web')}` },
    { name: 'no Services of the namespace in the scan', yaml: `${ingress('web')}\n---\n${service('web', 'other')}` },
  ],
  invalid: [
    {
      name: 'misspelt backend',
      yaml: `${ingress('wbe')}\n---\n${service('web')}`,
      errors: [{ messageId: 'missing', path: 'spec.rules[0].http.paths[0].backend.service.name' }],
    },
    {
      name: 'legacy serviceName backend',
      yaml: `apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old, namespace: shop}\nspec: {backend: {serviceName: gone, servicePort: 80}}\n---\n${service('web')}`,
      errors: [{ messageId: 'missing', path: 'spec.backend.serviceName' }],
    },
  ],
});
