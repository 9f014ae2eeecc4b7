import { testCheck } from '../check-tester.js';
import check from './service-type-node-port.js';

testCheck(check, {
  valid: [{ name: 'ClusterIP', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: ClusterIP, ports: [{port: 80}]}' }],
  invalid: [
    {
      name: 'kubernetes-goat internal-proxy',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: internal-proxy-info-app-service, namespace: default}\nspec: {type: NodePort, ports: [{port: 5000, nodePort: 30003}]}',
      errors: [{ messageId: 'nodePort', path: 'spec.type' }],
    },
  ],
});
