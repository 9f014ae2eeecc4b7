import { testCheck } from '../check-tester.js';
import check from './object-too-large.js';

const big = 'x'.repeat(1024 * 1024 + 1);

testCheck(check, {
  valid: [
    { name: 'small ConfigMap', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}' },
    { name: 'Secret of 900 KiB decoded', yaml: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {blob: ${'QUFB'.repeat(900 * 256)}}` },
  ],
  invalid: [
    { name: 'ConfigMap over 1 MiB', yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dashboards}\ndata: {all.json: ${big}}`, errors: [{ messageId: 'tooLarge', path: 'data' }] },
    { name: 'Secret over 1 MiB decoded', yaml: `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {blob: ${'QUFB'.repeat(1400 * 256)}}`, errors: [{ messageId: 'tooLarge', path: 'data' }] },
  ],
});
