import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { isCoreService, isExternallyReachable, servicePorts, serviceType } from './services.js';

/** Ports of administrative interfaces and data stores that should never face outside networks. */
const SENSITIVE_PORTS: Record<number, string> = {
  22: 'SSH',
  23: 'Telnet',
  2375: 'the Docker API (unauthenticated)',
  2376: 'the Docker API',
  2379: 'etcd',
  2380: 'etcd peer',
  3306: 'MySQL',
  3389: 'RDP',
  4243: 'the Docker API',
  5432: 'PostgreSQL',
  5900: 'VNC',
  5984: 'CouchDB',
  6379: 'Redis',
  6443: 'the Kubernetes API',
  8500: 'Consul',
  9042: 'Cassandra',
  9200: 'Elasticsearch',
  10250: 'the kubelet API',
  10255: 'the read-only kubelet API',
  11211: 'Memcached',
  27017: 'MongoDB',
};

export default defineCheck({
  id: 'sensitive-port-exposed',
  code: 'SKD-410',
  title: 'Database or admin port exposed outside the cluster',
  description: 'Services reachable from outside the cluster should not expose SSH, database, Docker, etcd or kubelet ports.',
  severity: 'high',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: network policies'], mitre: ['T1133', 'T1190', 'T1046'] },
  docs: {
    rationale:
      'Databases, caches, Docker and etcd endpoints are routinely deployed without authentication inside a cluster; published through a LoadBalancer, NodePort or external IP they are found by internet-wide scanners within hours (exposed Redis, MongoDB and Docker APIs are a leading cause of crypto-mining compromises).',
    remediation: 'Make the Service ClusterIP and reach it from inside the cluster (or through a VPN / bastion); if it must be external, restrict source ranges and require authentication and TLS.',
  },
  messages: {
    exposed: '{{service}} ({{how}}) exposes port {{port}}, the usual port of {{what}}; make it ClusterIP or restrict and authenticate access.',
  },
  scope: 'object',
  kinds: ['Service'],
  check(object) {
    if (!isCoreService(object) || !isExternallyReachable(object)) return [];
    const service = describeObject(object);
    const how = serviceType(object) === 'ClusterIP' ? 'externalIPs' : `type ${serviceType(object)}`;
    const out: Violation<'exposed'>[] = [];
    for (const port of servicePorts(object)) {
      const candidates = [port.port, typeof port.targetPort === 'number' ? port.targetPort : undefined];
      const hit = candidates.find((p): p is number => p !== undefined && SENSITIVE_PORTS[p] !== undefined);
      if (hit === undefined) continue;
      out.push({ messageId: 'exposed', data: { service, how, port: hit, what: SENSITIVE_PORTS[hit]! }, path: ['spec', 'ports', port.index], discriminator: String(hit) });
    }
    return out;
  },
});
