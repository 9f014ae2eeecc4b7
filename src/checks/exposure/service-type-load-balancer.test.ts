import { testCheck } from '../check-tester.js';
import check from './service-type-load-balancer.js';

testCheck(check, {
  valid: [
    { name: 'ClusterIP', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}' },
    {
      name: 'internal GKE load balancer',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: {networking.gke.io/load-balancer-type: Internal}}\nspec: {type: LoadBalancer, ports: [{port: 80}]}',
    },
    { name: 'a CRD named Service', yaml: 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: s}\nspec: {type: LoadBalancer}' },
  ],
  invalid: [
    {
      name: 'Online Boutique frontend-external',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: frontend-external}\nspec: {type: LoadBalancer, selector: {app: frontend}, ports: [{name: http, port: 80, targetPort: 8080}]}',
      errors: [{ messageId: 'public', path: 'spec.type' }],
    },
  ],
});
