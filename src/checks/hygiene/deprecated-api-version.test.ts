import { testCheck } from '../check-tester.js';
import check from './deprecated-api-version.js';

testCheck(check, {
  valid: [
    { name: 'not yet deprecated at the target', yaml: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}', options: { kubeVersion: 'v1.20' } },
    { name: 'already removed is the other check', yaml: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}', options: { kubeVersion: 'v1.25' } },
    { name: 'current API', yaml: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}' },
  ],
  invalid: [
    { name: 'PDB v1beta1 on v1.23', yaml: 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}', options: { kubeVersion: 'v1.23' }, errors: [{ messageId: 'deprecated', path: 'apiVersion' }] },
    { name: 'Endpoints on v1.34', yaml: 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: e}', errors: [{ messageId: 'deprecated' }] },
  ],
});
