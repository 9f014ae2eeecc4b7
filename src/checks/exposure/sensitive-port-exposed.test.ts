import { testCheck } from '../check-tester.js';
import check from './sensitive-port-exposed.js';

const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: ${spec}`;

testCheck(check, {
  valid: [
    { name: 'Redis inside the cluster', yaml: svc('{ports: [{port: 6379}]}') },
    { name: 'public web port', yaml: svc('{type: LoadBalancer, ports: [{port: 443, targetPort: 8443}]}') },
    {
      name: 'internal load balancer',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: {service.beta.kubernetes.io/azure-load-balancer-internal: "true"}}\nspec: {type: LoadBalancer, ports: [{port: 5432}]}',
    },
  ],
  invalid: [
    { name: 'Redis on a load balancer', yaml: svc('{type: LoadBalancer, ports: [{port: 80}, {port: 6379}]}'), errors: [{ messageId: 'exposed', path: 'spec.ports[1]' }] },
    { name: 'Docker API target behind a NodePort', yaml: svc('{type: NodePort, ports: [{port: 80, targetPort: 2375}]}'), errors: [{ messageId: 'exposed', path: 'spec.ports[0]' }] },
    { name: 'external IPs', yaml: svc('{externalIPs: [203.0.113.9], ports: [{port: 27017}]}'), errors: [{ messageId: 'exposed' }] },
  ],
});
