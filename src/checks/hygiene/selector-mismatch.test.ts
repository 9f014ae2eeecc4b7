import { testCheck } from '../check-tester.js';
import check from './selector-mismatch.js';

const deployment = (selector: string, labels: string, apiVersion = 'apps/v1') =>
  `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata: {name: web}\nspec: {${selector}template: {metadata: {labels: ${labels}}, spec: {containers: [{name: a, image: a}]}}}`;

testCheck(check, {
  valid: [
    { name: 'matching labels', yaml: deployment('selector: {matchLabels: {app: web}}, ', '{app: web, version: v2}') },
    { name: 'matching expressions', yaml: deployment('selector: {matchExpressions: [{key: app, operator: In, values: [web, api]}, {key: canary, operator: DoesNotExist}]}, ', '{app: web}') },
    { name: 'legacy API defaulted the selector', yaml: deployment('', '{app: web}', 'extensions/v1beta1') },
    { name: 'a Job selects itself', yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: [{name: a, image: a}]}}}' },
  ],
  invalid: [
    { name: 'label typo', yaml: deployment('selector: {matchLabels: {app: web}}, ', '{app: wbe}'), errors: [{ messageId: 'mismatch', path: 'spec.selector' }] },
    { name: 'expression fails', yaml: deployment('selector: {matchExpressions: [{key: tier, operator: Exists}]}, ', '{app: web}'), errors: [{ messageId: 'mismatch' }] },
    { name: 'apps/v1 without selector', yaml: deployment('', '{app: web}'), errors: [{ messageId: 'missing', path: 'spec.selector' }] },
  ],
});
