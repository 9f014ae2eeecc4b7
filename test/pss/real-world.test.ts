/**
 * The Pod Security Standards part of the real-world oracles, as their PROVENANCE pages state it:
 * Online Boutique (microservices-demo) passes baseline and fails restricted only for the missing
 * seccomp profile; each Kubernetes Goat scenario gets the host/privileged findings its manifest
 * shows, exactly the five privileged scenarios fail baseline, every workload fails restricted,
 * and no object that is not a workload gets a finding.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WORKLOAD_KINDS } from '../../src/core/k8s/workload.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { attributeOf, judge, labelOf } from './judge.js';

describe('Online Boutique (microservices-demo) release manifests', async () => {
  const root = corpusPath('microservices-demo', 'release');
  const loaded = await loadPaths([root]);
  const baseline = judge(loaded.inventory, 'baseline');
  const restricted = judge(loaded.inventory, 'restricted');
  const deployments = loaded.inventory.entries.filter((e) => e.object.kind === 'Deployment');

  it('loads its 12 Deployments', () => {
    assert.deepEqual(loaded.errors, []);
    assert.equal(deployments.length, 12);
  });

  it('passes baseline everywhere', () => {
    assert.deepEqual([...baseline.byEntry.values()].flat().map((f) => `${f.check}: ${f.message}`), []);
  });

  it('fails restricted only on seccomp, in every pod template, for every container', () => {
    for (const entry of loaded.inventory.entries) {
      const checks = new Set(restricted.byEntry.get(entry)!.map((f) => f.check));
      assert.deepEqual([...checks], entry.object.kind === 'Deployment' ? ['seccomp-restricted'] : [], labelOf(root, entry));
    }
    const loadgenerator = deployments.find((e) => e.object.metadata?.name === 'loadgenerator')!;
    assert.deepEqual(
      restricted.byEntry.get(loadgenerator)!.map((f) => f.container),
      ['frontend-check', 'main'],
      'the init container is judged like the others',
    );
  });
});

describe('Kubernetes Goat scenarios', async () => {
  const root = corpusPath('kubernetes-goat', 'scenarios');
  const loaded = await loadPaths([root]);
  const baseline = judge(loaded.inventory, 'baseline');
  const restricted = judge(loaded.inventory, 'restricted');
  const workloads = loaded.inventory.entries.filter((e) => WORKLOAD_KINDS.has(e.object.kind));
  const attributes = (label: string): string[] => {
    const entry = loaded.inventory.entries.find((e) => labelOf(root, e) === label);
    assert.ok(entry, `${label} is loaded`);
    const found = restricted.byEntry.get(entry)!.map((f) => attributeOf(f, entry) ?? f.check);
    return [...new Set(found)].sort();
  };

  it('loads its 13 workloads without errors', () => {
    assert.deepEqual(loaded.errors, []);
    assert.deepEqual([...baseline.problems, ...restricted.problems], []);
    assert.equal(workloads.length, 13);
  });

  it('scenario 4 (system-monitor): privileged, hostPID, hostIPC, hostPath / and privilege escalation', () => {
    const found = attributes('system-monitor/deployment.yaml Deployment/system-monitor-deployment');
    for (const expected of ['privileged', 'hostPID', 'hostIPC', 'hostPath(/)', 'privilege-escalation']) assert.ok(found.includes(expected), `${expected} in ${found}`);
  });

  it('scenario 2 (health-check): privileged with the containerd socket mounted', () => {
    const found = attributes('health-check/deployment.yaml Deployment/health-check-deployment');
    for (const expected of ['privileged', 'hostPath(/run/containerd/containerd.sock)']) assert.ok(found.includes(expected), `${expected} in ${found}`);
  });

  it('scenario 5 (docker-bench-security): host namespaces, privileged, root, AUDIT_CONTROL and seven hostPath mounts', () => {
    const found = attributes('docker-bench-security/deployment.yaml DaemonSet/docker-bench-security');
    for (const expected of ['hostPID', 'hostIPC', 'hostNetwork', 'privileged', 'run-as-root-user', 'capabilities-baseline', 'hostPath(/var/run/docker.sock)', 'hostPath(/etc)', 'hostPath(/var/lib)']) {
      assert.ok(found.includes(expected), `${expected} in ${found}`);
    }
    assert.equal(found.filter((a) => a.startsWith('hostPath(')).length, 7);
  });

  it('scenario 6 (kube-bench): hostPID and the control-plane state mounted', () => {
    for (const job of ['master-job.yaml Job/kube-bench-master', 'node-job.yaml Job/kube-bench-node']) {
      const found = attributes(`kube-bench-security/${job}`);
      for (const expected of ['hostPID', 'hostPath(/var/lib/etcd)', 'hostPath(/var/lib/kubelet)', 'hostPath(/etc/kubernetes)']) assert.ok(found.includes(expected), `${expected} in ${found}`);
    }
  });

  it('exactly the five privileged scenarios fail baseline; every workload fails restricted; nothing else is flagged', () => {
    const failing = (j: typeof baseline) => loaded.inventory.entries.filter((e) => j.byEntry.get(e)!.length > 0).map((e) => labelOf(root, e)).sort();
    assert.deepEqual(failing(baseline), [
      'docker-bench-security/deployment.yaml DaemonSet/docker-bench-security',
      'health-check/deployment.yaml Deployment/health-check-deployment',
      'kube-bench-security/master-job.yaml Job/kube-bench-master',
      'kube-bench-security/node-job.yaml Job/kube-bench-node',
      'system-monitor/deployment.yaml Deployment/system-monitor-deployment',
    ]);
    assert.deepEqual(failing(restricted), workloads.map((e) => labelOf(root, e)).sort());
  });
});
