import { testCheck } from '../check-tester.js';
import check from './service-target-port-missing.js';

const service = (targetPort: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: ${targetPort}}]}`;
const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: a, ports: [{name: web, containerPort: 8080}]}]}}}';

testCheck(check, {
  valid: [
    { name: 'named port declared', yaml: `${service('web')}\n---\n${deployment}` },
    { name: 'numeric target', yaml: `${service('8080')}\n---\n${deployment}` },
    { name: 'no selected workload in the scan', yaml: service('http') },
  ],
  invalid: [{ name: 'name not declared', yaml: `${service('http')}\n---\n${deployment}`, errors: [{ messageId: 'missing', path: 'spec.ports[0].targetPort' }] }],
});
