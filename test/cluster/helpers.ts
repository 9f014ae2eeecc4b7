import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import type { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { makePki, writeKubeconfig, type TestPki } from './certs.js';
import { FakeApiServer, type FakeApiOptions, type JsonObject } from './fake-api-server.js';

export const TOKEN = 'stockade-test-token-5d1f';

/** The corpus a test cluster is loaded with: what `setup-kubernetes-goat.sh` applies, Online Boutique, the default RBAC. */
export async function corpusObjects(): Promise<KubeObject[]> {
  const paths = [
    corpusPath('kubernetes-goat', 'scenarios'),
    corpusPath('microservices-demo', 'release'),
    corpusPath('rbac', 'k8s-bootstrap-policy'),
  ];
  const loaded = await loadPaths(paths);
  if (loaded.errors.length > 0) throw new Error(`corpus does not load: ${JSON.stringify(loaded.errors[0])}`);
  return loaded.inventory.entries.map((e) => e.object);
}

export interface TestCluster {
  server: FakeApiServer;
  pki: TestPki;
  url: string;
  kubeconfig: (user?: 'token' | 'certificate' | 'stranger', name?: string) => string;
  close(): Promise<void>;
}

let sharedPki: TestPki | undefined;

/** One PKI per test process: made once, removed when the process exits. */
export function testPki(): TestPki {
  if (!sharedPki) {
    const pki = (sharedPki = makePki());
    process.once('exit', () => pki.cleanup());
  }
  return sharedPki;
}

export async function startCluster(objects: Iterable<KubeObject>, options: Partial<Omit<FakeApiOptions, 'tls' | 'token'>> = {}, pki = testPki()): Promise<TestCluster> {
  const server = new FakeApiServer({ tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caCert }, token: TOKEN, ...options });
  server.load(objects as Iterable<JsonObject>);
  const url = await server.start();
  let n = 0;
  return {
    server,
    pki,
    url,
    kubeconfig: (user = 'token', name) =>
      writeKubeconfig(pki.dir, url, pki, user === 'token' ? { token: TOKEN } : user === 'certificate' ? { clientCert: true } : { stranger: true }, name ?? `kubeconfig-${++n}`),
    close: () => server.close(),
  };
}

/** Fingerprints of every finding of the whole catalogue. */
export function fingerprints(inventory: Inventory): string[] {
  return analyze(inventory, ALL_CHECKS, TEST_OPTIONS, emptyConfig())
    .findings.map((f) => `${f.check} ${f.resource.kind} ${f.resource.namespace ?? ''}/${f.resource.name} ${f.location.path ?? ''}`)
    .sort();
}

export const fixturePath = (...parts: string[]): string => join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', ...parts);
