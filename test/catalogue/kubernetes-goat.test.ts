import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Finding } from '../../src/core/finding.js';
import { corpusPath } from '../corpus.js';
import { catalogueChecks, describeFindings, scan } from './scan.js';

/**
 * kubernetes-goat: the misconfigurations its PROVENANCE table lists for each scenario manifest
 * (the ones in these families: host paths, runtime sockets, capabilities, secrets, images,
 * resources, exposure) are all reported by the default policy, and what it says is clean
 * (limits set, no privileges) is not.
 */
interface Expected {
  file: string;
  resource: string;
  check: string;
  /** Substring of the message (a path, a capability, a variable). */
  detail?: string;
  severity?: string;
}

const EXPECTED: Expected[] = [
  // 4 Container escape to the host system: hostPath / at /host-system; Secret injected as env; untagged image.
  { file: 'system-monitor/deployment.yaml', resource: 'Deployment/system-monitor-deployment', check: 'sensitive-host-path', detail: 'host path /,', severity: 'critical' },
  { file: 'system-monitor/deployment.yaml', resource: 'Deployment/system-monitor-deployment', check: 'secret-in-env-var', detail: 'K8S_GOAT_VAULT_KEY' },
  { file: 'system-monitor/deployment.yaml', resource: 'Deployment/system-monitor-deployment', check: 'image-latest-tag' },
  { file: 'system-monitor/deployment.yaml', resource: 'Secret/goatvault', check: 'secret-in-manifest' },
  // 2 DIND exploitation: the containerd socket.
  { file: 'health-check/deployment.yaml', resource: 'Deployment/health-check-deployment', check: 'sensitive-host-path', detail: '/run/containerd/containerd.sock', severity: 'critical' },
  // 8 NodePort exposed services.
  { file: 'internal-proxy/deployment.yaml', resource: 'Service/internal-proxy-info-app-service', check: 'service-type-node-port', detail: '30003' },
  // 11 Namespace bypass: no resource limits.
  { file: 'cache-store/deployment.yaml', resource: 'Deployment/cache-store-deployment', check: 'cpu-limits-missing' },
  { file: 'cache-store/deployment.yaml', resource: 'Deployment/cache-store-deployment', check: 'memory-limits-missing' },
  // 13 DoS: no requests or limits; two Secrets in the namespace.
  { file: 'hunger-check/deployment.yaml', resource: 'Deployment/hunger-check-deployment', check: 'cpu-requests-missing' },
  { file: 'hunger-check/deployment.yaml', resource: 'Deployment/hunger-check-deployment', check: 'cpu-limits-missing' },
  { file: 'hunger-check/deployment.yaml', resource: 'Deployment/hunger-check-deployment', check: 'memory-requests-missing' },
  { file: 'hunger-check/deployment.yaml', resource: 'Deployment/hunger-check-deployment', check: 'memory-limits-missing' },
  { file: 'hunger-check/deployment.yaml', resource: 'Secret/vaultapikey', check: 'secret-in-manifest' },
  { file: 'hunger-check/deployment.yaml', resource: 'Secret/webhookapikey', check: 'secret-in-manifest' },
  // Untagged images.
  { file: 'build-code/deployment.yaml', resource: 'Deployment/build-code-deployment', check: 'image-latest-tag' },
  { file: 'poor-registry/deployment.yaml', resource: 'Deployment/poor-registry-deployment', check: 'image-latest-tag' },
  { file: 'hidden-in-layers/deployment.yaml', resource: 'Job/hidden-in-layers', check: 'image-latest-tag' },
  { file: 'kubernetes-goat-home/deployment.yaml', resource: 'Deployment/kubernetes-goat-home-deployment', check: 'image-latest-tag' },
  // 10 Crypto miner: untagged, no securityContext, no limits.
  { file: 'batch-check/job.yaml', resource: 'Job/batch-check-job', check: 'image-latest-tag' },
  { file: 'batch-check/job.yaml', resource: 'Job/batch-check-job', check: 'readonly-root-filesystem' },
  { file: 'batch-check/job.yaml', resource: 'Job/batch-check-job', check: 'cpu-limits-missing' },
  { file: 'batch-check/job.yaml', resource: 'Job/batch-check-job', check: 'memory-limits-missing' },
  // 5 Docker CIS benchmark: AUDIT_CONTROL, docker.sock, /etc, /var/lib among seven host paths.
  { file: 'docker-bench-security/deployment.yaml', resource: 'DaemonSet/docker-bench-security', check: 'dangerous-capabilities', detail: 'AUDIT_CONTROL' },
  { file: 'docker-bench-security/deployment.yaml', resource: 'DaemonSet/docker-bench-security', check: 'sensitive-host-path', detail: '/var/run/docker.sock', severity: 'critical' },
  { file: 'docker-bench-security/deployment.yaml', resource: 'DaemonSet/docker-bench-security', check: 'sensitive-host-path', detail: 'host path /etc,' },
  { file: 'docker-bench-security/deployment.yaml', resource: 'DaemonSet/docker-bench-security', check: 'sensitive-host-path', detail: 'host path /var/lib,' },
  // 6 Kubernetes CIS benchmark: kubelet, etcd and Kubernetes directories; image :latest.
  ...['master-job.yaml', 'node-job.yaml'].flatMap((file): Expected[] => {
    const resource = file === 'master-job.yaml' ? 'Job/kube-bench-master' : 'Job/kube-bench-node';
    return [
      { file: `kube-bench-security/${file}`, resource, check: 'image-latest-tag', detail: 'tagged `latest`' },
      { file: `kube-bench-security/${file}`, resource, check: 'sensitive-host-path', detail: '/var/lib/etcd', severity: 'critical' },
      { file: `kube-bench-security/${file}`, resource, check: 'sensitive-host-path', detail: '/var/lib/kubelet', severity: 'critical' },
      { file: `kube-bench-security/${file}`, resource, check: 'sensitive-host-path', detail: '/etc/kubernetes', severity: 'critical' },
      ...(file === 'master-job.yaml' ? [{ file: `kube-bench-security/${file}`, resource, check: 'tolerates-control-plane', detail: 'node-role.kubernetes.io/master' }] : []),
    ];
  }),
];

/** What the table says is absent: limits set, no privileges, a policy object that is no workload. */
const ABSENT: { file: string; checks: string[] }[] = [
  { file: 'build-code/deployment.yaml', checks: ['cpu-limits-missing', 'memory-limits-missing'] },
  { file: 'kubernetes-goat-home/deployment.yaml', checks: ['cpu-limits-missing', 'memory-limits-missing', 'sensitive-host-path', 'dangerous-capabilities', 'host-path-writable'] },
];

describe('kubernetes-goat scenarios (default policy)', () => {
  const byFile = new Map<string, Finding[]>();
  before(async () => {
    const files = new Set([...EXPECTED.map((e) => e.file), ...ABSENT.map((a) => a.file), 'kyverno-namespace-exec-block/kyverno-block-pod-exec-by-namespace.yaml']);
    for (const file of files) {
      const { findings } = await scan([corpusPath('kubernetes-goat', 'scenarios', file)], catalogueChecks('default'));
      byFile.set(file, findings);
    }
  });

  for (const expected of EXPECTED) {
    it(`${expected.file}: ${expected.resource} ${expected.check}${expected.detail ? ` (${expected.detail})` : ''}`, () => {
      const findings = byFile.get(expected.file)!;
      const hit = findings.find(
        (f) =>
          f.check === expected.check &&
          `${f.resource.kind}/${f.resource.name}` === expected.resource &&
          (expected.detail === undefined || f.message.includes(expected.detail)),
      );
      assert.ok(hit, `not reported; findings were:\n${describeFindings(findings).join('\n')}`);
      if (expected.severity !== undefined) assert.equal(hit.severity, expected.severity);
    });
  }

  for (const absent of ABSENT) {
    it(`${absent.file}: none of ${absent.checks.join(', ')}`, () => {
      const findings = byFile.get(absent.file)!.filter((f) => absent.checks.includes(f.check));
      assert.deepEqual(describeFindings(findings), []);
    });
  }

  it('the Kyverno ClusterPolicy is not a workload and gets no finding', () => {
    assert.deepEqual(describeFindings(byFile.get('kyverno-namespace-exec-block/kyverno-block-pod-exec-by-namespace.yaml')!), []);
  });
});
