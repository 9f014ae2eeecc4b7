import { testCheck } from '../check-tester.js';
import check from './credentials-in-env.js';

// Assembled at run time so that no secret scanner mistakes this file for a leak.
const AWS = 'AKIA' + 'IOSFODNN7EXAMPLE';
const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - ${container}`;

testCheck(check, {
  valid: [
    { name: 'secret reference', yaml: pod('{name: a, image: a, env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]}') },
    { name: 'pointer to a secret file', yaml: pod('{name: a, image: a, env: [{name: PASSWORD_FILE, value: /run/secrets/db}]}') },
    { name: 'placeholder expansion', yaml: pod('{name: a, image: a, env: [{name: API_TOKEN, value: "$(TOKEN_FROM_SECRET)"}]}') },
    { name: 'ordinary settings', yaml: pod('{name: a, image: a, env: [{name: PORT, value: "8080"}, {name: LOG_LEVEL, value: debug}], args: ["--port=8080"]}') },
  ],
  invalid: [
    {
      name: 'AWS key in an innocuous name',
      yaml: pod(`{name: a, image: a, env: [{name: CONFIG, value: "${AWS}"}]}`),
      errors: [{ messageId: 'recognised', path: 'spec.containers[0].env[0].value', container: 'a', severity: 'high' }],
    },
    {
      name: 'literal password by name',
      yaml: pod('{name: a, image: a, env: [{name: PORT, value: "80"}, {name: DB_PASSWORD, value: hunter2hunter2}]}'),
      errors: [{ messageId: 'sensitiveName', path: 'spec.containers[0].env[1].value', severity: 'medium' }],
    },
    {
      name: 'password in a connection URL argument',
      yaml: pod('{name: a, image: a, args: ["--db", "postgres://app:' + 'pa55word' + '@db:5432/app"]}'),
      errors: [{ messageId: 'argument', path: 'spec.containers[0].args[1]' }],
    },
  ],
});
