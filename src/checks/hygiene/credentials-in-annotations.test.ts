import { testCheck } from '../check-tester.js';
import check from './credentials-in-annotations.js';

// Assembled at run time so that no secret scanner mistakes this file for a leak.
const SLACK = 'xoxb-' + '2481632641-abcdefghij';
const AWS = 'AKIA' + 'ZZZZZZZZZZZZZZZZ';

testCheck(check, {
  valid: [
    { name: 'ordinary annotations', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: {prometheus.io/scrape: "true", owner: team-a}}' },
    {
      name: 'exception annotation',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {stockade.dev/ignore: "privileged-container: node agent"}}\nspec: {containers: [{name: a, image: a}]}',
    },
  ],
  invalid: [
    {
      name: 'token on a Service',
      yaml: `apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: {alerts/slack: "${SLACK}"}}`,
      errors: [{ messageId: 'credential', path: 'metadata.annotations["alerts/slack"]' }],
    },
    {
      name: 'a Pod\'s annotations are reported once',
      yaml: `apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {note: "key ${AWS}"}}\nspec: {containers: [{name: a, image: a}]}`,
      errors: [{ messageId: 'credential', path: 'metadata.annotations.note' }],
    },
    {
      name: 'pod template annotation',
      yaml: `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {metadata: {annotations: {backup: "aws_key=${AWS}"}}, spec: {containers: [{name: a, image: a}]}}}`,
      errors: [{ messageId: 'credential', path: 'spec.template.metadata.annotations.backup' }],
    },
  ],
});
