import { defineCheck } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { isCoreService, servicePorts, serviceType } from './services.js';

export default defineCheck({
  id: 'service-type-node-port',
  code: 'SKD-402',
  title: 'Service exposed on every node with NodePort',
  description: 'Services of `type: NodePort` open a port on every node and should be avoided.',
  severity: 'medium',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: network policies'], mitre: ['T1133', 'T1190'] },
  docs: {
    rationale:
      'A NodePort opens the same high port on every node\'s addresses, bypassing Ingress TLS and authentication; node addresses are often reachable from far wider networks than anyone intended (kubernetes-goat scenario 8: "NodePort exposed services").',
    remediation: 'Use a ClusterIP Service behind an Ingress or Gateway, or an internal load balancer; if a NodePort is unavoidable, firewall the node ports.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
    example: { bad: 'spec:\n  type: NodePort\n', good: 'spec:\n  type: ClusterIP\n' },
  },
  messages: {
    nodePort: '{{service}} is of type NodePort and opens {{ports}} on every node; use a ClusterIP Service behind an Ingress or an internal load balancer.',
  },
  scope: 'object',
  kinds: ['Service'],
  check(object) {
    if (!isCoreService(object) || serviceType(object) !== 'NodePort') return [];
    const ports = servicePorts(object).map((p) => (p.nodePort !== undefined ? `node port ${p.nodePort}` : `a node port for port ${p.port ?? '?'}`));
    return [{ messageId: 'nodePort', data: { service: describeObject(object), ports: ports.join(', ') || 'node ports' }, path: ['spec', 'type'] }];
  },
});
