import { testCheck } from '../check-tester.js';
import check from './service-selects-nothing.js';

const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}';
const deployment = (labels: string, namespace = 'shop') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${namespace}}\nspec: {template: {metadata: {labels: ${labels}}, spec: {containers: [{name: a, image: a}]}}}`;

testCheck(check, {
  valid: [
    { name: 'matching workload', yaml: `${service}\n---\n${deployment('{app: web, tier: front}')}` },
    { name: 'no workloads of the namespace in the scan', yaml: `${service}\n---\n${deployment('{app: other}', 'elsewhere')}` },
    { name: 'selector-less Service (manual endpoints)', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: shop}\nspec: {ports: [{port: 80}]}' },
  ],
  invalid: [
    { name: 'label typo', yaml: `${service}\n---\n${deployment('{app: wbe}')}`, errors: [{ messageId: 'nothing', path: 'spec.selector' }] },
    { name: 'workload only in another namespace', yaml: `${service}\n---\n${deployment('{app: web}', 'other')}\n---\n${deployment('{app: api}')}`, errors: [{ messageId: 'nothing' }] },
  ],
});
