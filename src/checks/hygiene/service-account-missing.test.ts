import { testCheck } from '../check-tester.js';
import check from './service-account-missing.js';

const pod = (sa: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {serviceAccountName: ${sa}, containers: [{name: a, image: a}]}`;
const account = (name: string, namespace = 'shop') => `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${namespace}}`;

testCheck(check, {
  valid: [
    { name: 'account defined', yaml: `${pod('web')}\n---\n${account('web')}` },
    { name: 'no accounts of the namespace in the scan', yaml: `${pod('web')}\n---\n${account('web', 'other')}` },
    { name: 'default always exists', yaml: `${pod('default')}\n---\n${account('web')}` },
  ],
  invalid: [{ name: 'misspelt account', yaml: `${pod('wbe')}\n---\n${account('web')}`, errors: [{ messageId: 'missing', path: 'spec.serviceAccountName' }] }],
});
