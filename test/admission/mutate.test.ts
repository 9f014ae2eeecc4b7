import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import type { JsonPatchOp } from '../../src/core/finding.js';
import { applyPatch } from '../../src/core/json-patch.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { admissionReview, deployment } from './fixtures.js';
import { controller, decide, decodePatch } from './helpers.js';

/** Runs /mutate and returns the object as the API server would store it, with the patch. */
async function mutated(c: ReturnType<typeof controller>, object: KubeObject): Promise<{ object: KubeObject; patch: JsonPatchOp[] }> {
  const { response } = await decide(c, 'mutate', admissionReview(object));
  assert.equal(response.allowed, true);
  const patch = decodePatch(response.patch) as JsonPatchOp[];
  if (patch.length > 0) assert.equal(response.patchType, 'JSONPatch');
  return { object: applyPatch(structuredClone(object), patch), patch };
}

/** An unhardened workload that already runs as a non-root user: what is left is what the safe fixes cover. */
function nonRootButUnhardened(): KubeObject {
  const object = deployment('web', 'shop', { hardened: false });
  (object.spec as any).template.spec.securityContext = { runAsNonRoot: true, runAsUser: 10001 };
  (object.spec as any).template.spec.initContainers = [{ name: 'migrate', image: 'registry.example.com/shop/migrate:1.4.2', imagePullPolicy: 'IfNotPresent' }];
  return object;
}

describe('security defaults from the catalogue safe fixes', () => {
  const mutator = controller('admission:\n  securityDefaults: true\n');
  const strict = controller('policy: pss-restricted\nfailOn: low\n');

  it('patches seccomp, privilege escalation and capabilities, and the result passes pss-restricted', async () => {
    const original = nonRootButUnhardened();
    const before = await decide(strict, 'validate', admissionReview(original));
    assert.equal(before.response.allowed, false);
    for (const id of ['seccomp-restricted', 'privilege-escalation', 'capabilities-restricted']) {
      if (ALL_CHECKS.some((c) => c.id === id)) assert.match(before.response.status!.message, new RegExp(id));
    }
    const { object, patch } = await mutated(mutator, original);
    assert.ok(patch.length > 0);
    const spec = (object.spec as any).template.spec;
    assert.equal(spec.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.equal(spec.securityContext.runAsUser, 10001, 'existing fields are kept');
    for (const c of [...spec.containers, ...spec.initContainers]) {
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL'], c.name);
    }
    const after = await decide(strict, 'validate', admissionReview(object));
    assert.equal(after.response.allowed, true, after.response.status?.message);
  });

  it('is idempotent: a second pass returns no patch', async () => {
    const first = await mutated(mutator, nonRootButUnhardened());
    const { response } = await decide(mutator, 'mutate', admissionReview(first.object));
    assert.equal(response.patch, undefined);
    assert.equal(response.patchType, undefined);
  });

  it('leaves fields a person must decide alone (unsafe fixes: runAsNonRoot, readOnlyRootFilesystem)', async () => {
    const { object } = await mutated(mutator, deployment('web', 'shop', { hardened: false }));
    const spec = (object.spec as any).template.spec;
    assert.equal(spec.securityContext?.runAsNonRoot, undefined);
    assert.equal(spec.containers[0].securityContext.readOnlyRootFilesystem, undefined);
  });

  it('honours exceptions: an excepted finding is not mutated', async () => {
    const object = nonRootButUnhardened();
    (object.metadata as any).annotations = { 'stockade.dev/ignore': 'privilege-escalation[web]: setuid helper, ticket OPS-7' };
    const { object: out } = await mutated(mutator, object);
    const containers = (out.spec as any).template.spec.containers;
    assert.equal(containers[0].securityContext.allowPrivilegeEscalation, undefined);
    assert.equal(containers[1].securityContext.allowPrivilegeEscalation, false);
  });

  it('mutates bare Pods too, and leaves exempt namespaces and non-workloads alone', async () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0' }] } };
    const { object } = await mutated(mutator, pod);
    assert.equal((object.spec as any).containers[0].securityContext.allowPrivilegeEscalation, false);
    const exempt = { ...pod, metadata: { name: 'p', namespace: 'kube-system' } };
    assert.equal((await decide(mutator, 'mutate', admissionReview(exempt))).response.patch, undefined);
    const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { a: 'b' } };
    assert.equal((await decide(mutator, 'mutate', admissionReview(configMap))).response.patch, undefined);
  });
});

describe('AlwaysPullImages and injection', () => {
  const c = controller(`admission:
  alwaysPullImages: true
  inject:
    labels: {sidecar.example.com/injected: "true"}
    annotations: {sidecar.example.com/version: "1.2.3"}
    containers:
      - name: proxy
        image: registry.example.com/mesh/proxy:1.2.3
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}
`);

  it('sets imagePullPolicy Always on every container, labels the pod and appends the sidecar', async () => {
    const { object, patch } = await mutated(c, nonRootButUnhardened());
    const template = (object.spec as any).template;
    for (const container of [...template.spec.containers, ...template.spec.initContainers]) assert.equal(container.imagePullPolicy, 'Always', container.name);
    assert.equal(template.metadata.labels['sidecar.example.com/injected'], 'true');
    assert.equal(template.metadata.annotations['sidecar.example.com/version'], '1.2.3');
    assert.deepEqual(template.spec.containers.map((x: { name: string }) => x.name), ['web', 'metrics', 'proxy']);
    assert.ok(patch.some((op) => op.op === 'add' && op.path === '/spec/template/spec/containers/-'), 'the sidecar is appended, not written over the list');
    assert.equal((object.metadata as any).labels['sidecar.example.com/injected'], undefined, 'the Deployment itself is not labelled');
  });

  it('a second pass changes nothing and never duplicates the sidecar', async () => {
    const first = await mutated(c, nonRootButUnhardened());
    const second = await mutated(c, first.object);
    assert.deepEqual(second.patch, []);
  });

  it('injects into a template without metadata', async () => {
    const object = nonRootButUnhardened();
    delete (object.spec as any).template.metadata;
    const { object: out } = await mutated(c, object);
    assert.equal((out.spec as any).template.metadata.labels['sidecar.example.com/injected'], 'true');
  });
});

describe('sandbox policy (the catalogue sandbox settings)', () => {
  const sandbox = `sandbox:
  untrusted: {labels: {trust: untrusted}}
  runtimeClasses: [gvisor]
`;
  const untrusted = () => {
    const object = deployment('runner', 'ci');
    (object.spec as any).template.metadata.labels.trust = 'untrusted';
    return object;
  };

  it('mutate on: untrusted workloads get the sandbox runtime class, then pass validation', async () => {
    const c = controller(sandbox);
    assert.equal((await decide(c, 'validate', admissionReview(untrusted()))).response.allowed, false);
    const { object } = await mutated(c, untrusted());
    assert.equal((object.spec as any).template.spec.runtimeClassName, 'gvisor');
    assert.equal((await decide(c, 'validate', admissionReview(object))).response.allowed, true);
    assert.equal((await mutated(c, object)).patch.length, 0);
    assert.equal((await mutated(c, deployment('web', 'ci'))).patch.length, 0, 'trusted workloads are left alone');
  });

  it('mutate off: untrusted workloads are denied whatever the severity threshold', async () => {
    const c = controller(`${sandbox}admission:\n  failOn: critical\n  sandbox: {mutate: false}\n`);
    assert.equal((await decide(c, 'mutate', admissionReview(untrusted()))).response.patch, undefined);
    const { response } = await decide(c, 'validate', admissionReview(untrusted()));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /untrusted-workload-not-sandboxed \[high\]/);
    assert.equal((await decide(c, 'validate', admissionReview(deployment('web', 'ci')))).response.allowed, true);
  });
});
