import { testCheck } from '../check-tester.js';
import check from './duplicate-env-var.js';

const pod = (env: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, env: ${env}}]}`;

testCheck(check, {
  valid: [{ name: 'distinct names', yaml: pod('[{name: A, value: "1"}, {name: B, value: "2"}]') }],
  invalid: [
    {
      name: 'three definitions of one name',
      yaml: pod('[{name: TLS, value: "on"}, {name: B, value: "2"}, {name: TLS, value: "off"}, {name: TLS, value: "auto"}]'),
      errors: [
        { messageId: 'duplicate', path: 'spec.containers[0].env[2]', container: 'a' },
        { messageId: 'duplicate', path: 'spec.containers[0].env[0]', container: 'a' },
      ],
      output: pod('[{name: B, value: "2"}, {name: TLS, value: "auto"}]'),
    },
  ],
});
