import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { admissionReview, deployment } from './fixtures.js';
import { controller, decide, testEnvironment, throwingCheck } from './helpers.js';

const privileged = deployment('legacy', 'shop', { privileged: true, hardened: false });

describe('validate with the defaults (no config)', () => {
  const c = controller(undefined);

  it('denies a privileged Deployment, naming the check, containers and fields', async () => {
    const { response, decision } = await decide(c, 'validate', admissionReview(privileged));
    assert.equal(decision, 'deny');
    assert.equal(response.allowed, false);
    assert.equal(response.status?.code, 403);
    const message = response.status!.message;
    assert.match(message, /^stockade denied CREATE of Deployment shop\/legacy: /);
    assert.match(message, /privileged-container \[critical\] \(containers "web", "metrics"; fields spec\.template\.spec\.containers\[0\]\.securityContext\.privileged, spec\.template\.spec\.containers\[1\]\.securityContext\.privileged\)/);
    assert.doesNotMatch(message, /\n/);
  });

  it('allows the same Deployment in kube-system', async () => {
    const object = { ...privileged, metadata: { ...privileged.metadata, namespace: 'kube-system' } };
    const { response, decision } = await decide(c, 'validate', admissionReview(object));
    assert.equal(decision, 'skip');
    assert.equal(response.allowed, true);
  });

  it('allows a hardened Deployment with no warning', async () => {
    const { response } = await decide(c, 'validate', admissionReview(deployment('web', 'shop')));
    assert.equal(response.allowed, true);
    assert.equal(response.warnings, undefined);
  });

  it('judges findings below high as allowed', async () => {
    // Only a medium finding (writable root filesystem): under the high threshold.
    const object = deployment('web', 'shop');
    for (const container of (object.spec as any).template.spec.containers) container.securityContext.readOnlyRootFilesystem = false;
    const { response } = await decide(c, 'validate', admissionReview(object));
    assert.equal(response.allowed, true);
  });

  it('passes deletes, connects other than exec, and status updates', async () => {
    assert.equal((await decide(c, 'validate', admissionReview(undefined, { operation: 'DELETE', kind: 'Deployment', namespace: 'shop', name: 'x', oldObject: privileged }))).response.allowed, true);
    assert.equal((await decide(c, 'validate', admissionReview(privileged, { operation: 'UPDATE', subResource: 'status', oldObject: privileged }))).response.allowed, true);
  });

  it('answers with the request uid', async () => {
    const body = admissionReview(privileged);
    const { response } = await decide(c, 'validate', body);
    assert.equal(response.uid, (body.request as { uid: string }).uid);
  });
});

describe('modes per namespace', () => {
  const env = testEnvironment();
  const c = controller(
    `admission:
  defaultMode: enforce
  namespaces:
    - names: [legacy-*]
      mode: warn
    - names: [observed]
      mode: audit
`,
    env,
  );

  it('warn: allowed with one warning per violated check', async () => {
    const object = { ...privileged, metadata: { ...privileged.metadata, namespace: 'legacy-shop' } };
    const { response, decision } = await decide(c, 'validate', admissionReview(object));
    assert.equal(decision, 'warn');
    assert.equal(response.allowed, true);
    assert.ok(response.warnings!.some((w) => w.startsWith('stockade: privileged-container [critical]')));
    for (const w of response.warnings!) assert.ok(w.length <= 256, w);
  });

  it('audit: allowed, one log line naming the violations; dry runs log nothing', async () => {
    const object = { ...privileged, metadata: { ...privileged.metadata, namespace: 'observed' } };
    const before = env.logged.length;
    const { response, decision, audited } = await decide(c, 'validate', admissionReview(object));
    assert.equal(decision, 'audit');
    assert.equal(response.allowed, true);
    assert.equal(env.logged.length, before + 1);
    const entry = env.logged.at(-1)! as { violations: { check: string }[]; resource: { name: string } };
    assert.equal(entry.resource.name, 'legacy');
    assert.ok(entry.violations.some((v) => v.check === 'privileged-container'));
    assert.ok(audited.includes('privileged-container'));
    JSON.stringify(entry);

    const dry = await decide(c, 'validate', admissionReview(object, { dryRun: true }));
    assert.equal(dry.response.allowed, true);
    assert.equal(env.logged.length, before + 1);
    assert.deepEqual(dry.audited, []);
  });

  it('enforce elsewhere', async () => {
    assert.equal((await decide(c, 'validate', admissionReview(privileged))).response.allowed, false);
  });
});

describe('namespace label selectors', () => {
  const config = `admission:
  defaultMode: enforce
  namespaces:
    - selector: {matchLabels: {stockade.dev/mode: warn}}
      mode: warn
`;
  it('reads the namespace labels through the API and applies the matching mode', async () => {
    const asked: string[] = [];
    const c = controller(config, testEnvironment({ namespaceLabels: async (ns) => (asked.push(ns), ns === 'shop' ? { 'stockade.dev/mode': 'warn' } : ({} as Record<string, string>)) }));
    assert.equal((await decide(c, 'validate', admissionReview(privileged))).response.allowed, true);
    const other = { ...privileged, metadata: { ...privileged.metadata, namespace: 'bank' } };
    assert.equal((await decide(c, 'validate', admissionReview(other))).response.allowed, false);
    assert.deepEqual(asked, ['shop', 'bank']);
  });

  it('fails closed when the labels cannot be read', async () => {
    const c = controller(config, testEnvironment({ namespaceLabels: async () => { throw new Error('connect ECONNREFUSED'); } }));
    const { response, errors } = await decide(c, 'validate', admissionReview(deployment('web', 'shop')));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /cannot read the labels of namespace shop: connect ECONNREFUSED/);
    assert.equal(errors.length, 1);
  });
});

describe('exceptions work as in scan', () => {
  const c = controller(undefined);
  it('an annotation exception with a reason admits the workload', async () => {
    const object = deployment('legacy', 'shop', { privileged: true, hardened: false, annotations: { 'stockade.dev/ignore': '*: vendor agent needs the host, ticket SEC-12' } });
    assert.equal((await decide(c, 'validate', admissionReview(object))).response.allowed, true);
  });
  it('an expired annotation exception no longer does', async () => {
    const object = deployment('legacy', 'shop', { privileged: true, hardened: false, annotations: { 'stockade.dev/ignore': '*: vendor agent (expires 2026-01-31)' } });
    assert.equal((await decide(c, 'validate', admissionReview(object))).response.allowed, false);
  });
  it('a config exception scoped to a namespace', async () => {
    const cfg = controller(`exceptions:
  - check: privileged-container
    reason: node agent
    resource: {namespace: shop, name: legacy}
`);
    const { response } = await decide(cfg, 'validate', admissionReview(privileged));
    // Other critical/high findings of the unhardened pod may remain, but not this one.
    assert.doesNotMatch(response.status?.message ?? '', /privileged-container/);
  });
});

describe('--only-new-violations on UPDATE', () => {
  const c = controller(undefined, testEnvironment(), { onlyNewViolations: true });
  it('admits an unrelated edit of a legacy workload', async () => {
    const edited = structuredClone(privileged);
    (edited.spec as { replicas: number }).replicas = 5;
    const { response } = await decide(c, 'validate', admissionReview(edited, { operation: 'UPDATE', oldObject: privileged }));
    assert.equal(response.allowed, true);
  });
  it('still denies a violation the edit introduces', async () => {
    const hardened = deployment('legacy', 'shop');
    const edited = structuredClone(hardened);
    (edited.spec as any).template.spec.hostPID = true;
    const { response } = await decide(c, 'validate', admissionReview(edited, { operation: 'UPDATE', oldObject: hardened }));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /host-namespaces/);
    assert.doesNotMatch(response.status!.message, /privileged-container/);
  });
  it('without the flag the old violations count', async () => {
    const plain = controller(undefined);
    const { response } = await decide(plain, 'validate', admissionReview(privileged, { operation: 'UPDATE', oldObject: privileged }));
    assert.equal(response.allowed, false);
  });
});

describe('a check that throws', () => {
  const throwing = throwingCheck(new TypeError("Cannot read properties of undefined (reading 'x')\n    at check"));
  const magic = deployment('web', 'shop');
  (magic.spec as any).template.metadata.labels.magic = 'yes';
  const catalogue = [...ALL_CHECKS, throwing];

  it('enforce: denied with the reason, error counted', async () => {
    const c = controller(undefined, testEnvironment(), { catalogue });
    const { response, errors } = await decide(c, 'validate', admissionReview(magic));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /could not evaluate: check explodes-on-magic failed: Cannot read properties of undefined \(reading 'x'\)$/);
    assert.equal(errors.length, 1);
  });
  it('warn: allowed with a warning, error counted', async () => {
    const c = controller('admission: {defaultMode: warn}\n', testEnvironment(), { catalogue });
    const { response, errors } = await decide(c, 'validate', admissionReview(magic));
    assert.equal(response.allowed, true);
    assert.match(response.warnings![0]!, /could not evaluate: check explodes-on-magic failed/);
    assert.equal(errors.length, 1);
  });
  it('audit: allowed with a warning', async () => {
    const c = controller('admission: {defaultMode: audit}\n', testEnvironment(), { catalogue });
    const { response } = await decide(c, 'validate', admissionReview(magic));
    assert.equal(response.allowed, true);
    assert.match(response.warnings![0]!, /could not evaluate/);
  });
});

describe('image policy per namespace', () => {
  const c = controller(`admission:
  images: {allowedRegistries: [registry.example.com], denyLatest: true}
  namespaces:
    - names: [payments]
      images: {allowedRegistries: [registry.example.com], denyLatest: true, requireDigest: true}
`);
  it('denies a registry outside the list and :latest', async () => {
    const { response } = await decide(c, 'validate', admissionReview(deployment('web', 'shop', { image: 'docker.io/evil/miner:latest' })));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /image-registry-not-allowed/);
    assert.match(response.status!.message, /image-latest-tag/);
    assert.doesNotMatch(response.status!.message, /image-not-pinned-by-digest/);
  });
  it('allows a pinned version from the allowed registry, but payments needs a digest', async () => {
    assert.equal((await decide(c, 'validate', admissionReview(deployment('web', 'shop')))).response.allowed, true);
    const { response } = await decide(c, 'validate', admissionReview(deployment('web', 'payments')));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /image-not-pinned-by-digest \[low\] \(containers "web", "metrics"/);
    const pinned = deployment('web', 'payments', { image: 'registry.example.com/shop/web@sha256:' + 'a'.repeat(64) });
    (pinned.spec as any).template.spec.containers[1].image = 'registry.example.com/shop/exporter@sha256:' + 'b'.repeat(64);
    assert.equal((await decide(c, 'validate', admissionReview(pinned))).response.allowed, true);
  });
});

describe('cross-object checks at admission', () => {
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'ci-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }],
  };
  const lonelyService = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };

  it('do not judge one object by what is missing around it', async () => {
    const c = controller('failOn: info\nadmission: {defaultMode: warn}\n');
    const { response } = await decide(c, 'validate', admissionReview(lonelyService));
    assert.equal(response.allowed, true);
    assert.equal(response.warnings?.some((w) => w.includes('service-selects-nothing')) ?? false, false);
  });

  it('run when listed in admission.inventoryChecks', async () => {
    assert.equal((await decide(controller(undefined), 'validate', admissionReview(binding, { resource: 'clusterrolebindings' }))).response.allowed, true);
    const c = controller('admission:\n  inventoryChecks: [cluster-admin-binding]\n');
    const { response } = await decide(c, 'validate', admissionReview(binding, { resource: 'clusterrolebindings' }));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /^stockade denied CREATE of ClusterRoleBinding ci-admin: cluster-admin-binding \[critical\]/);
  });

  it('refuse to list a single-object check there', () => {
    assert.throws(() => controller('admission:\n  inventoryChecks: [privileged-container]\n'), /judges single objects already/);
  });
});
