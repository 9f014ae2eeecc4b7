import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'node:https';
import { connect } from 'node:tls';
import type { AdmissionController } from '../../src/admission/decide.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { startWebhookServer, type WebhookServer } from '../../src/admission/server.js';
import { admissionReview, deployment } from './fixtures.js';
import { controller, decodePatch, testEnvironment, throwingCheck } from './helpers.js';
import { call, loopbackCertificates } from './https.js';

const tls = loopbackCertificates();
const ca = readFileSync(tls.ca, 'utf8');
const privileged = deployment('legacy', 'shop', { privileged: true, hardened: false });

describe('webhook over HTTPS', () => {
  let server: WebhookServer;
  let release!: (c: AdmissionController) => void;
  const logs: string[] = [];

  before(async () => {
    const pending = new Promise<AdmissionController>((resolve) => (release = resolve));
    server = await startWebhookServer({ tls: { cert: tls.cert, key: tls.key }, port: 0, host: '127.0.0.1', controller: pending, log: (l) => logs.push(l), headersTimeoutMs: 1000, requestTimeoutMs: 1500, certPollMs: 100 });
  });
  after(() => server.close());

  it('is live at once and ready once the controller is loaded', async () => {
    assert.equal((await call(server.port, ca, 'GET', '/healthz')).status, 200);
    const early = await call(server.port, ca, 'GET', '/readyz');
    assert.equal(early.status, 503);
    assert.equal(early.body, 'not ready: loading configuration and checks\n');
    const refused = await call(server.port, ca, 'POST', '/validate', JSON.stringify(admissionReview(privileged)));
    assert.equal(refused.status, 503);
    release(controller(`admission:\n  securityDefaults: true\n  alwaysPullImages: true\n`, testEnvironment()));
    await new Promise((r) => setImmediate(r));
    assert.equal((await call(server.port, ca, 'GET', '/readyz')).status, 200);
  });

  it('denies on /validate and answers v1beta1 in v1beta1', async () => {
    for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
      const body = admissionReview(privileged, { apiVersion });
      const reply = await call(server.port, ca, 'POST', '/validate', JSON.stringify(body));
      assert.equal(reply.status, 200);
      const review = JSON.parse(reply.body);
      assert.equal(review.apiVersion, apiVersion);
      assert.equal(review.kind, 'AdmissionReview');
      assert.equal(review.response.uid, (body.request as { uid: string }).uid);
      assert.equal(review.response.allowed, false);
      assert.match(review.response.status.message, /privileged-container/);
    }
  });

  it('/validate/{mode} applies the mode the webhook entry chose', async () => {
    const warned = JSON.parse((await call(server.port, ca, 'POST', '/validate/warn', JSON.stringify(admissionReview(privileged)))).body);
    assert.equal(warned.response.allowed, true);
    assert.match(warned.response.warnings.join(' '), /privileged-container/);
    const enforced = JSON.parse((await call(server.port, ca, 'POST', '/validate/enforce', JSON.stringify(admissionReview(privileged)))).body);
    assert.equal(enforced.response.allowed, false);
    assert.equal((await call(server.port, ca, 'POST', '/validate/lenient', '{}')).status, 404);
  });

  it('patches on /mutate with a base64 JSONPatch', async () => {
    const reply = await call(server.port, ca, 'POST', '/mutate', JSON.stringify(admissionReview(deployment('web', 'shop', { hardened: false }))));
    const review = JSON.parse(reply.body);
    assert.equal(review.response.allowed, true);
    assert.equal(review.response.patchType, 'JSONPatch');
    const patch = decodePatch(review.response.patch) as { op: string; path: string; value?: unknown }[];
    assert.ok(patch.some((op) => op.path === '/spec/template/spec/containers/0/imagePullPolicy' && op.value === 'Always'));
  });

  const bad: [string, string | Buffer, number, RegExp][] = [
    ['not JSON', '{"apiVersion": ', 400, /^body is not valid JSON: /],
    ['binary', Buffer.from([0, 1, 2, 255, 254]), 400, /^body is not valid JSON/],
    ['a JSON array', '[]', 400, /^not a valid AdmissionReview: body is not a JSON object\n$/],
    ['the wrong kind', JSON.stringify({ ...admissionReview(privileged), kind: 'ConfigMap' }), 400, /kind must be AdmissionReview, got "ConfigMap"/],
    ['the wrong version', JSON.stringify({ ...admissionReview(privileged), apiVersion: 'admission.k8s.io/v2' }), 400, /apiVersion must be one of admission\.k8s\.io\/v1, admission\.k8s\.io\/v1beta1, got "admission\.k8s\.io\/v2"/],
    ['no request', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), 400, /request is missing/],
  ];
  for (const [what, body, status, reason] of bad) {
    it(`refuses ${what} with a one-line reason`, async () => {
      const reply = await call(server.port, ca, 'POST', '/validate', body);
      assert.equal(reply.status, status);
      assert.match(reply.body, reason);
      assert.equal(reply.body.trimEnd().includes('\n'), false);
    });
  }

  it('answers an object nested 100,000 deep on both endpoints and keeps serving', async () => {
    const object = deployment('web', 'shop') as any;
    object.spec.template.spec.containers[0].env[0].valueFrom = 'DEEP';
    const body = JSON.stringify(admissionReview(object)).replace('"DEEP"', '{"x":'.repeat(100_000) + '{}' + '}'.repeat(100_000));
    const validated = await call(server.port, ca, 'POST', '/validate', body);
    assert.equal(validated.status, 200);
    const mutated = await call(server.port, ca, 'POST', '/mutate', body);
    assert.equal(mutated.status, 200);
    const review = JSON.parse(mutated.body);
    assert.equal(review.response.allowed, true);
    assert.match(review.response.warnings[0], /^stockade: cannot mutate Deployment shop\/web: Maximum call stack size exceeded/);
    assert.equal((await call(server.port, ca, 'GET', '/healthz')).status, 200);
  });

  it('refuses a request without uid or object', async () => {
    const noUid = admissionReview(privileged) as { request: Record<string, unknown> };
    delete noUid.request.uid;
    const a = await call(server.port, ca, 'POST', '/validate', JSON.stringify(noUid));
    assert.equal(a.status, 400);
    assert.equal(a.body, 'not a valid AdmissionReview: request.uid is missing\n');
    const noObject = admissionReview(privileged) as { request: Record<string, unknown> };
    delete noObject.request.object;
    const b = await call(server.port, ca, 'POST', '/mutate', JSON.stringify(noObject));
    assert.equal(b.status, 400);
    assert.equal(b.body, 'not a valid AdmissionReview: request.object is missing for CREATE\n');
  });

  it('reads a body sent in pieces that split a character', async () => {
    const review = admissionReview(deployment('web', 'shop')) as { request: { uid: string } };
    review.request.uid = `${review.request.uid}-ünïcode-🛡`;
    const body = Buffer.from(JSON.stringify(review));
    const shield = body.indexOf(Buffer.from('🛡'));
    const reply = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/validate', ca, servername: 'localhost', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      req.on('error', reject);
      // The pause makes the two halves reach the server as two reads, the cut inside the emoji's bytes.
      req.write(body.subarray(0, shield + 2));
      setTimeout(() => req.end(body.subarray(shield + 2)), 50);
    });
    const answer = JSON.parse(reply);
    assert.equal(answer.response.uid, review.request.uid);
    assert.equal(answer.response.allowed, true);
  });

  it('refuses a body over 3 MiB with 413, declared or streamed', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 1, 0x20);
    const declared = await call(server.port, ca, 'POST', '/validate', big, { 'content-type': 'application/json', 'content-length': String(big.length) });
    assert.equal(declared.status, 413);
    assert.match(declared.body, /exceeds the 3145728-byte limit/);
    const streamed = await call(server.port, ca, 'POST', '/validate', big, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    assert.equal(streamed.status, 413);
  });

  it('answers wrong methods, paths and content types with reasons', async () => {
    const get = await call(server.port, ca, 'GET', '/validate');
    assert.equal(get.status, 405);
    assert.equal(get.body, 'method GET not allowed on /validate: use POST\n');
    const missing = await call(server.port, ca, 'GET', '/nope');
    assert.equal(missing.status, 404);
    const type = await call(server.port, ca, 'POST', '/validate', 'x', { 'content-type': 'text/yaml' });
    assert.equal(type.status, 415);
  });

  it('drops clients that send headers or body too slowly, with a 408 reason', async () => {
    for (const partial of ['POST /validate HTTP/1.1\r\nHost: x\r\n', 'POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"api']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: server.port, ca, servername: 'localhost' }, () => socket.write(partial));
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        socket.setTimeout(10_000, () => socket.destroy(new Error('server never closed the slow connection')));
      });
      assert.match(answer, /^HTTP\/1\.1 408 /);
      assert.match(answer, /request timed out: headers or body not received in time\n$/);
    }
    assert.equal((await call(server.port, ca, 'GET', '/healthz')).status, 200);
  });

  it('answers malformed HTTP with 400 and a reason', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: server.port, ca, servername: 'localhost' }, () => socket.write('GARBAGE / HTTP/9\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(answer, /\r\n\r\nmalformed HTTP request: HPE_[A-Z_]+\n$/);
  });

  it('survives clients that hang up halfway through the body', async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: server.port, ca, servername: 'localhost' }, () => {
          socket.write('POST /validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"apiVersion":"admission.k8s.io/v1",', () => {
            socket.destroy();
            resolve();
          });
        });
        socket.on('error', reject);
      });
    }
    assert.equal((await call(server.port, ca, 'GET', '/healthz')).status, 200);
    const reply = await call(server.port, ca, 'POST', '/validate', JSON.stringify(admissionReview(deployment('web', 'shop'))));
    assert.equal(JSON.parse(reply.body).response.allowed, true);
  });

  it('serves 1,000 concurrent connections and keeps serving', async () => {
    const body = JSON.stringify(admissionReview(deployment('web', 'shop')));
    // One agent without a socket limit: 1,000 sockets open at once, sharing TLS session resumption as the API server does.
    const agent = new Agent({ ca, maxSockets: Infinity, keepAlive: false });
    const replies = await Promise.all(Array.from({ length: 1000 }, () => call(server.port, ca, 'POST', '/validate', body, undefined, { agent })));
    agent.destroy();
    assert.equal(replies.filter((r) => r.status === 200 && JSON.parse(r.body).response.allowed === true).length, 1000);
    assert.equal((await call(server.port, ca, 'GET', '/healthz')).status, 200);
  });

  it('exports request, latency, in-flight and error metrics', async () => {
    const text = (await call(server.port, ca, 'GET', '/metrics')).body;
    assert.match(text, /stockade_admission_requests_total\{endpoint="validate",kind="Deployment",operation="CREATE",decision="deny"\} 3/);
    assert.match(text, /stockade_admission_requests_total\{endpoint="mutate",kind="Deployment",operation="CREATE",decision="patch"\} 1/);
    assert.match(text, /stockade_admission_request_duration_seconds_bucket\{le="0\.005",endpoint="validate",kind="Deployment",operation="CREATE",decision="allow"\} \d+/);
    assert.match(text, /stockade_admission_in_flight_requests 0/);
    assert.match(text, /stockade_admission_errors_total\{endpoint="validate",type="bad_request"\} \d+/);
    assert.match(text, /stockade_admission_errors_total\{endpoint="validate",type="too_large"\} 2/);
    assert.match(text, /stockade_admission_errors_total\{endpoint="",type="timeout"\} 2/);
  });

  it('reloads the certificate when the files change', async () => {
    const fingerprint = () =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false }, () => {
          resolve(socket.getPeerX509Certificate()!.fingerprint256);
          socket.destroy();
        });
        socket.on('error', reject);
      });
    const old = await fingerprint();
    assert.equal(old, new X509Certificate(readFileSync(tls.cert)).fingerprint256);
    const next = loopbackCertificates();
    copyFileSync(next.key, tls.key);
    copyFileSync(next.cert, tls.cert);
    for (let i = 0; i < 100 && (await fingerprint()) === old; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await fingerprint(), new X509Certificate(readFileSync(next.cert)).fingerprint256);
    assert.ok(logs.some((l) => l.includes('TLS certificate reloaded')));
  });
});

describe('client certificate verification', () => {
  let server: WebhookServer;
  const own = loopbackCertificates();
  const clientDir = own.dir;
  before(async () => {
    // A client CA and client certificate as the API server would hold them (openssl: our certs module issues serving certificates only).
    const run = (args: string[]) => {
      const r = spawnSync('openssl', args, { cwd: clientDir, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
    };
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client-ca.key', '-out', 'client-ca.crt', '-subj', '/CN=apiserver-client-ca', '-days', '2']);
    run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=kube-apiserver']);
    run(['x509', '-req', '-in', 'client.csr', '-CA', 'client-ca.crt', '-CAkey', 'client-ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '2']);
    server = await startWebhookServer({ tls: { cert: own.cert, key: own.key, clientCa: join(clientDir, 'client-ca.crt') }, port: 0, host: '127.0.0.1', controller: Promise.resolve(controller(undefined)), log: () => {} });
  });
  after(() => server.close());

  it('refuses a client without a certificate and serves one with', async () => {
    const caNow = readFileSync(own.ca, 'utf8');
    await assert.rejects(call(server.port, caNow, 'GET', '/healthz'));
    const reply = await call(server.port, caNow, 'GET', '/healthz', undefined, {}, { cert: readFileSync(join(clientDir, 'client.crt'), 'utf8'), key: readFileSync(join(clientDir, 'client.key'), 'utf8') });
    assert.equal(reply.status, 200);
  });
});

describe('a check that throws, over HTTPS', () => {
  let server: WebhookServer;
  const own = loopbackCertificates();
  const ownCa = readFileSync(own.ca, 'utf8');
  const throwing = throwingCheck(new RangeError('Maximum call stack size exceeded'));
  before(async () => {
    const c = controller('admission:\n  namespaces: [{names: [relaxed], mode: warn}]\n', testEnvironment(), { catalogue: [...ALL_CHECKS, throwing] });
    server = await startWebhookServer({ tls: { cert: own.cert, key: own.key }, port: 0, host: '127.0.0.1', controller: Promise.resolve(c), log: () => {} });
  });
  after(() => server.close());

  it('answers (denied in enforce, allowed with a warning in warn), counts the error, and keeps serving', async () => {
    const magic = (namespace: string) => {
      const object = deployment('web', namespace);
      (object.spec as any).template.metadata.labels.magic = 'yes';
      return JSON.stringify(admissionReview(object));
    };
    const enforced = JSON.parse((await call(server.port, ownCa, 'POST', '/validate', magic('shop'))).body).response;
    assert.equal(enforced.allowed, false);
    assert.match(enforced.status.message, /could not evaluate: check explodes-on-magic failed: Maximum call stack size exceeded/);
    const warned = JSON.parse((await call(server.port, ownCa, 'POST', '/validate', magic('relaxed'))).body).response;
    assert.equal(warned.allowed, true);
    assert.match(warned.warnings[0], /could not evaluate/);
    const metrics = (await call(server.port, ownCa, 'GET', '/metrics')).body;
    assert.match(metrics, /stockade_admission_errors_total\{endpoint="validate",type="evaluation"\} 2/);
    assert.equal((await call(server.port, ownCa, 'GET', '/healthz')).status, 200);
  });
});
