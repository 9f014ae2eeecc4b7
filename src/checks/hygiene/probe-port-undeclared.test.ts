import { testCheck } from '../check-tester.js';
import check from './probe-port-undeclared.js';

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [${container}]}`;

testCheck(check, {
  valid: [
    { name: 'named port declared', yaml: pod('{name: a, image: a, ports: [{name: http, containerPort: 8080}], livenessProbe: {httpGet: {path: /, port: http}}}') },
    { name: 'numeric port', yaml: pod('{name: a, image: a, readinessProbe: {tcpSocket: {port: 8080}}}') },
    { name: 'numeric port as a string', yaml: pod('{name: a, image: a, readinessProbe: {httpGet: {port: "8080"}}}') },
  ],
  invalid: [
    {
      name: 'port renamed',
      yaml: pod('{name: a, image: a, ports: [{name: web, containerPort: 8080}], readinessProbe: {httpGet: {path: /, port: http}}}'),
      errors: [{ messageId: 'undeclared', path: 'spec.containers[0].readinessProbe.httpGet.port', container: 'a' }],
    },
  ],
});
