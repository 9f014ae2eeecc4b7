import { testCheck } from '../check-tester.js';
import check from './load-balancer-source-ranges.js';

const svc = (extra: string, annotations = '{}') => `apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: ${annotations}}\nspec: {type: LoadBalancer, ports: [{port: 443}]${extra}}`;

testCheck(check, {
  valid: [
    { name: 'restricted ranges', yaml: svc(', loadBalancerSourceRanges: [203.0.113.0/24]') },
    { name: 'restricted by annotation', yaml: svc('', '{service.beta.kubernetes.io/load-balancer-source-ranges: "203.0.113.0/24,198.51.100.7/32"}') },
    { name: 'internal AWS load balancer', yaml: svc('', '{service.beta.kubernetes.io/aws-load-balancer-scheme: internal}') },
    { name: 'NodePort is another check', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort}' },
  ],
  invalid: [
    { name: 'no ranges', yaml: svc(''), errors: [{ messageId: 'missing', path: 'spec.loadBalancerSourceRanges' }] },
    { name: 'anywhere', yaml: svc(', loadBalancerSourceRanges: [10.0.0.0/8, 0.0.0.0/0]'), errors: [{ messageId: 'anywhere', path: 'spec.loadBalancerSourceRanges[1]' }] },
    {
      name: 'anywhere by annotation',
      yaml: svc('', '{service.beta.kubernetes.io/load-balancer-source-ranges: "::/0"}'),
      errors: [{ messageId: 'anywhere', path: 'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]' }],
    },
  ],
});
