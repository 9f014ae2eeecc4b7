import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import type { Check } from '../../src/core/check.js';
import type { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { formatPath } from '../../src/core/path.js';
import { loadClusterInventory } from '../../src/load/cluster/index.js';
import { loadPaths } from '../../src/load/index.js';
import { checkUsesFramework, compliance } from '../../src/report/model.js';
import { analyze } from '../../src/core/engine.js';
import { emptyConfig } from '../../src/core/config.js';
import { fixturePath, startCluster, type TestCluster } from './helpers.js';

const CONTROL_PLANE = ALL_CHECKS.filter((c) => c.category === 'control-plane');

/** `object check:messageId path` for every control-plane violation, sorted. */
function violations(inventory: Inventory, checks: readonly Check[] = CONTROL_PLANE): string[] {
  const out: string[] = [];
  for (const entry of inventory.entries) {
    for (const check of checks) {
      if (check.scope !== 'object' || !check.kinds.includes(entry.object.kind)) continue;
      for (const v of check.check(entry.object, { options: TEST_OPTIONS, inventory })) {
        out.push(`${entry.object.metadata?.name ?? '(file)'} ${check.id}:${v.messageId}${v.path ? ` ${formatPath(v.path)}` : ''}`);
      }
    }
  }
  return out.sort();
}

async function fixtures(dir: string): Promise<Inventory> {
  const loaded = await loadPaths([fixturePath(dir)]);
  assert.deepEqual(loaded.errors, []);
  return loaded.inventory;
}

describe('control-plane checks on kubeadm-style manifests and kubelet configurations', () => {
  it('kubeadm defaults: what the CIS Benchmark asks beyond kubeadm (anonymous auth, audit, profiling, kubelet CA, AlwaysPullImages; kubelet kernel protection and serving certificate)', async () => {
    assert.deepEqual(violations(await fixtures('kubeadm-default')), [
      '(file) kubelet-certificate-rotation:noServerBootstrap serverTLSBootstrap',
      '(file) kubelet-protect-kernel-defaults:unprotected protectKernelDefaults',
      'kube-apiserver apiserver-always-pull-images:missing spec.containers[0].command[5]',
      'kube-apiserver apiserver-anonymous-auth:anonymous spec.containers[0]',
      'kube-apiserver apiserver-audit-logging:noBackend spec.containers[0]',
      'kube-apiserver apiserver-kubelet-client-cert:noKubeletCa spec.containers[0]',
      'kube-apiserver control-plane-profiling:profiling spec.containers[0]',
      'kube-controller-manager control-plane-profiling:profiling spec.containers[0]',
      'kube-scheduler control-plane-profiling:profiling spec.containers[0]',
    ]);
  });

  it('hardened: no control-plane finding, flags in both forms', async () => {
    assert.deepEqual(violations(await fixtures('hardened')), []);
  });

  it('insecure legacy set-up: every open door found, flags read from args and from a shell wrapper', async () => {
    assert.deepEqual(violations(await fixtures('insecure')), [
      '(file) audit-policy-gaps:secretValuesLogged rules[0].level',
      '(file) control-plane-weak-tls:kubeletWeakCiphers tlsCipherSuites',
      '(file) control-plane-weak-tls:kubeletWeakVersion tlsMinVersion',
      '(file) kubelet-anonymous-auth:anonymous authentication.anonymous.enabled',
      '(file) kubelet-authorization-mode:alwaysAllow authorization.mode',
      '(file) kubelet-authorization-mode:noWebhookAuthn authentication.webhook.enabled',
      '(file) kubelet-certificate-rotation:gateDisabled featureGates.RotateKubeletServerCertificate',
      '(file) kubelet-certificate-rotation:noClientRotation rotateCertificates',
      '(file) kubelet-certificate-rotation:noServerBootstrap serverTLSBootstrap',
      '(file) kubelet-client-ca:noClientCa authentication',
      '(file) kubelet-protect-kernel-defaults:unprotected protectKernelDefaults',
      '(file) kubelet-read-only-port:open readOnlyPort',
      'etcd-legacy etcd-client-tls:autoTls spec.containers[0].command[2]',
      'etcd-legacy etcd-client-tls:noClientCertAuth spec.containers[0]',
      'etcd-legacy etcd-client-tls:noServingCert spec.containers[0]',
      'etcd-legacy etcd-client-tls:plainListen spec.containers[0].command[2]',
      'etcd-legacy etcd-peer-tls:noPeerCert spec.containers[0]',
      'etcd-legacy etcd-peer-tls:noPeerCertAuth spec.containers[0]',
      'etcd-legacy etcd-peer-tls:peerAutoTls spec.containers[0].command[2]',
      'kube-apiserver-legacy apiserver-admission-plugins:alwaysAdmit spec.containers[0].args[5]',
      'kube-apiserver-legacy apiserver-admission-plugins:disabled spec.containers[0].args[6]',
      'kube-apiserver-legacy apiserver-admission-plugins:disabled spec.containers[0].args[6]',
      'kube-apiserver-legacy apiserver-admission-plugins:noNodeRestriction spec.containers[0].args[5]',
      'kube-apiserver-legacy apiserver-always-pull-images:missing spec.containers[0].args[5]',
      'kube-apiserver-legacy apiserver-anonymous-auth:anonymous spec.containers[0]',
      'kube-apiserver-legacy apiserver-audit-logging:noPolicy spec.containers[0]',
      'kube-apiserver-legacy apiserver-authorization-mode:alwaysAllow spec.containers[0].args[0]',
      'kube-apiserver-legacy apiserver-etcd-client-cert:noClientCert spec.containers[0]',
      'kube-apiserver-legacy apiserver-etcd-client-cert:noEtcdCa spec.containers[0]',
      'kube-apiserver-legacy apiserver-etcd-client-cert:plainHttp spec.containers[0].args[10]',
      'kube-apiserver-legacy apiserver-insecure-serving:insecureBind spec.containers[0].args[4]',
      'kube-apiserver-legacy apiserver-insecure-serving:insecurePort spec.containers[0].args[2]',
      'kube-apiserver-legacy apiserver-kubelet-client-cert:noClientCert spec.containers[0]',
      'kube-apiserver-legacy apiserver-kubelet-client-cert:noKubeletCa spec.containers[0]',
      'kube-apiserver-legacy apiserver-service-account-lookup:noLookup spec.containers[0].args[9]',
      'kube-apiserver-legacy apiserver-token-auth-file:tokenFile spec.containers[0].args[8]',
      'kube-apiserver-legacy control-plane-profiling:profiling spec.containers[0]',
      'kube-apiserver-legacy control-plane-weak-tls:weakCiphers spec.containers[0].args[12]',
      'kube-apiserver-legacy control-plane-weak-tls:weakVersion spec.containers[0].args[11]',
      'kube-scheduler-legacy control-plane-bind-address:exposed spec.containers[0].args[1]',
      'kube-scheduler-legacy control-plane-profiling:profiling spec.containers[0].args[2]',
    ]);
  });

  it('every control-plane check but two names CIS Benchmark controls, so --framework cis selects them', () => {
    const unmapped = CONTROL_PLANE.filter((c) => !c.frameworks.cis?.length).map((c) => c.id).sort();
    assert.deepEqual(unmapped, ['apiserver-insecure-serving', 'kubelet-protect-kernel-defaults']);
    assert.ok(CONTROL_PLANE.length >= 20);
  });

  it('stockade scan --framework cis on kubeadm defaults: the CIS controls kubeadm leaves open fail, the rest pass', async () => {
    const inventory = await fixtures('kubeadm-default');
    const cis = ALL_CHECKS.filter((c) => checkUsesFramework(c, 'cis') && c.category === 'control-plane');
    const { findings } = analyze(inventory, cis, TEST_OPTIONS, emptyConfig());
    const summary = compliance(cis, findings).find((f) => f.framework === 'cis')!;
    const failed = summary.controls.filter((c) => !c.passed).map((c) => c.control);
    // A check fails every control it maps to: 1.2.4 (client certificate, which kubeadm sets) fails with 1.2.5 (kubelet CA).
    assert.deepEqual(failed, ['1.2.1', '1.2.4', '1.2.5', '1.2.11', '1.2.15', '1.2.16', '1.3.2', '1.4.1', '3.2.1', '4.2.10', '4.2.11']);
    assert.ok(summary.passed >= 20, `passed: ${summary.passed}`);
  });
});

describe('control-plane checks on a live cluster: mirror pods and the kubelet configz', () => {
  let cluster: TestCluster;
  before(async () => {
    const manifests = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map((name) => {
      const pod = yaml.load(readFileSync(fixturePath('kubeadm-default', `${name}.yaml`), 'utf8')) as KubeObject;
      // The kubelet publishes each static pod as a mirror pod named after the node, owned by the Node.
      pod.metadata = { ...pod.metadata, name: `${name}-cp1`, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'cp1', controller: true }] };
      return pod;
    });
    const kubelet = yaml.load(readFileSync(fixturePath('insecure', 'kubelet-config.yaml'), 'utf8')) as Record<string, unknown>;
    const { apiVersion: _a, kind: _k, ...configz } = kubelet;
    cluster = await startCluster([...manifests, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'cp1' } }], { configz: { cp1: configz } });
  });
  after(() => cluster.close());

  it('finds the same problems as in the files, on the mirror pods and on the node named by the configz', async () => {
    const loaded = await loadClusterInventory({ kubeconfig: cluster.kubeconfig(), progress: false });
    const found = violations(loaded.inventory);
    assert.ok(found.includes('kube-apiserver-cp1 apiserver-anonymous-auth:anonymous spec.containers[0]'));
    assert.ok(found.includes('kube-scheduler-cp1 control-plane-profiling:profiling spec.containers[0]'));
    assert.ok(found.includes('cp1 kubelet-anonymous-auth:anonymous authentication.anonymous.enabled'));
    assert.ok(found.includes('cp1 kubelet-read-only-port:open readOnlyPort'));
    assert.equal(found.filter((f) => f.startsWith('etcd-cp1')).length, 0);
  });
});
