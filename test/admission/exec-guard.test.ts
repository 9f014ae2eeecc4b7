import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { apiLookups } from '../../src/admission/kube.js';
import { admissionReview } from './fixtures.js';
import { controller, decide, testEnvironment } from './helpers.js';
import { loopbackCertificates } from './https.js';

/** A Pod as `GET /api/v1/namespaces/{ns}/pods/{name}` returns it (trimmed status). */
function apiPod(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Record<string, unknown> {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      namespace: 'shop',
      uid: '0c5f2ec6-5c2b-4d42-9d26-3a6f3f7c1e11',
      resourceVersion: '48213',
      creationTimestamp: '2026-02-27T09:14:03Z',
      labels: { app: name },
      ...(annotations ? { annotations } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-7d9c5b`, uid: 'a1', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      volumes: [{ name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }], defaultMode: 420 } }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: 'worker-1',
      schedulerName: 'default-scheduler',
      ...spec,
    },
    status: { phase: 'Running', hostIP: '10.0.0.5', podIP: '10.244.1.7', startTime: '2026-02-27T09:14:03Z' },
  };
}

const PODS: Record<string, Record<string, unknown>> = {
  plain: apiPod('plain', { containers: [{ name: 'app', image: 'registry.example.com/app:1.0.0', resources: {} }] }),
  privileged: apiPod('privileged', { containers: [{ name: 'agent', image: 'registry.example.com/agent:2.1.0', securityContext: { privileged: true } }] }),
  hostpid: apiPod('hostpid', { hostPID: true, containers: [{ name: 'debug', image: 'registry.example.com/debug:1.0.0' }] }),
  excepted: apiPod('excepted', { hostNetwork: true, containers: [{ name: 'cni', image: 'registry.example.com/cni:1.0.0' }] }, { 'stockade.dev/ignore': 'escalating-exec: network team debugs the CNI here, ticket NET-4' }),
};

describe('exec guard against a Kubernetes API over HTTPS', () => {
  const tls = loopbackCertificates();
  let api: Server;
  let port = 0;
  const seen: { path: string; auth: string | undefined }[] = [];
  let hang = false;

  before(async () => {
    api = createServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      if (hang) return; // never answers: the client's deadline must fire
      const pod = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/?]+)$/.exec(req.url ?? '');
      const ns = /^\/api\/v1\/namespaces\/([^/?]+)$/.exec(req.url ?? '');
      res.setHeader('Content-Type', 'application/json');
      if (req.method === 'GET' && pod && PODS[pod[2]!]) return res.end(JSON.stringify(PODS[pod[2]!]));
      if (req.method === 'GET' && ns) return res.end(JSON.stringify({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: ns[1], labels: { 'kubernetes.io/metadata.name': ns[1], 'stockade.dev/mode': 'warn' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }));
      res.statusCode = 404;
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `pods "${pod?.[2]}" not found`, reason: 'NotFound', details: { name: pod?.[2], kind: 'pods' }, code: 404 }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    port = (api.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => (api.closeAllConnections(), api.close(() => resolve()))));

  function kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'test', server: `https://127.0.0.1:${port}`, caData: tls.certs.caBundle, skipTLSVerify: false }],
      users: [{ name: 'webhook', token: 'test-token-not-secret' }],
      contexts: [{ name: 'test', cluster: 'test', user: 'webhook' }],
      currentContext: 'test',
    });
    return kc;
  }

  function guard(options: { ttlMs?: number; timeoutMs?: number; now?: () => number } = {}, config?: string) {
    const lookups = apiLookups(kubeConfig(), options);
    return controller(config, testEnvironment({ getPod: lookups.getPod, namespaceLabels: lookups.namespaceLabels }));
  }

  const exec = (pod: string, subResource = 'exec') =>
    admissionReview({ apiVersion: 'v1', kind: 'PodExecOptions', command: ['sh'], container: 'app', stdin: true, tty: true } as never, {
      operation: 'CONNECT',
      kind: 'PodExecOptions',
      resource: 'pods',
      subResource,
      name: pod,
      namespace: 'shop',
    });

  it('denies exec and attach into privileged and host-namespace pods', async () => {
    const c = guard();
    const privileged = await decide(c, 'validate', exec('privileged'));
    assert.equal(privileged.response.allowed, false);
    assert.match(privileged.response.status!.message, /escalating-exec \[high\] \(container "agent"; field spec\.containers\[0\]\.securityContext\.privileged\)/);
    const attach = await decide(c, 'validate', exec('hostpid', 'attach'));
    assert.equal(attach.response.allowed, false);
    assert.match(attach.response.status!.message, /host PID namespace \(hostPID=true\)/);
    assert.ok(seen.some((s) => s.path === '/api/v1/namespaces/shop/pods/privileged' && s.auth === 'Bearer test-token-not-secret'));
  });

  it('allows exec into an ordinary pod, and a pod excepted by annotation', async () => {
    const c = guard();
    assert.equal((await decide(c, 'validate', exec('plain'))).response.allowed, true);
    assert.equal((await decide(c, 'validate', exec('excepted'))).response.allowed, true);
  });

  it('does not look up pods for port-forward', async () => {
    const before = seen.length;
    const c = guard();
    assert.equal((await decide(c, 'validate', exec('privileged', 'portforward'))).response.allowed, true);
    assert.equal(seen.length, before);
  });

  it('caches the pod briefly', async () => {
    let clock = 1_000_000;
    const c = guard({ ttlMs: 2000, now: () => clock });
    const count = () => seen.filter((s) => s.path.endsWith('/pods/hostpid')).length;
    const start = count();
    await decide(c, 'validate', exec('hostpid'));
    await decide(c, 'validate', exec('hostpid'));
    assert.equal(count(), start + 1);
    clock += 2001;
    await decide(c, 'validate', exec('hostpid'));
    assert.equal(count(), start + 2);
  });

  it('fails closed when the pod cannot be read', async () => {
    const c = guard();
    const missing = await decide(c, 'validate', exec('gone'));
    assert.equal(missing.response.allowed, false);
    assert.match(missing.response.status!.message, /^stockade: cannot read pod shop\/gone to check exec: Kubernetes API answered 404: pods "gone" not found$/);
    assert.equal(missing.errors.length, 1);
  });

  it('fails closed when the API does not answer in time', async () => {
    hang = true;
    try {
      const c = guard({ timeoutMs: 300 });
      const { response } = await decide(c, 'validate', exec('plain'));
      assert.equal(response.allowed, false);
      assert.match(response.status!.message, /did not answer for pod\/shop\/plain within 300 ms/);
    } finally {
      hang = false;
      api.closeAllConnections();
    }
  });

  it('fails closed with no API at all', async () => {
    const c = controller(undefined, testEnvironment());
    const { response } = await decide(c, 'validate', exec('plain'));
    assert.equal(response.allowed, false);
    assert.match(response.status!.message, /no Kubernetes API is configured/);
  });

  it('reads namespace labels for selector rules through the same client', async () => {
    const c = guard({}, 'admission:\n  namespaces:\n    - selector: {matchLabels: {stockade.dev/mode: warn}}\n      mode: warn\n');
    const { response, decision } = await decide(c, 'validate', exec('privileged'));
    assert.equal(decision, 'warn');
    assert.equal(response.allowed, true);
    assert.ok(seen.some((s) => s.path === '/api/v1/namespaces/shop'));
  });
});
