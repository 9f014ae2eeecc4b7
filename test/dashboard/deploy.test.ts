import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import type { Container, PodSpec } from '../../src/core/k8s/workload.js';
import { loadPaths } from '../../src/load/index.js';
import { openHistory } from '../../src/store/history.js';
import { repoRoot } from '../corpus.js';

const manifests = join(repoRoot, 'deploy/kubernetes/dashboard');
const dir = mkdtempSync(join(tmpdir(), 'stockade-dashboard-deploy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function deployment(): Promise<{ spec: PodSpec; container: Container }> {
  const loaded = await loadPaths([manifests]);
  const entry = loaded.inventory.find('Deployment', 'stockade-dashboard', 'stockade-dashboard');
  assert.ok(entry);
  const workload = loaded.inventory.workloadOf(entry);
  assert.ok(workload);
  return { spec: workload.podSpec, container: workload.containers[0]!.container };
}

describe('deploy/kubernetes/dashboard', () => {
  it('passes our own scan with every check: no finding, only the two documented exceptions', async () => {
    const loaded = await loadPaths([manifests]);
    assert.deepEqual(loaded.errors, []);
    const { findings, problems } = analyze(loaded.inventory, ALL_CHECKS, TEST_OPTIONS, emptyConfig());
    assert.deepEqual(problems, []);
    assert.deepEqual(findings.filter((f) => !f.suppressed).map((f) => `${f.check} ${f.resource.kind}/${f.resource.name}: ${f.message}`), []);
    assert.deepEqual(findings.map((f) => f.check).sort(), ['egress-default-deny-without-dns', 'image-not-pinned-by-digest']);
    const service = loaded.inventory.find('Service', 'stockade-dashboard', 'stockade-dashboard');
    assert.equal((service?.object.spec as { type?: string }).type, 'ClusterIP');
  });

  it('runs hardened, reads the database read-only and the token from a Secret file', async () => {
    const { spec, container } = await deployment();
    assert.equal(spec.securityContext?.runAsNonRoot, true);
    assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
    assert.deepEqual(container.securityContext?.capabilities?.drop, ['ALL']);
    assert.equal(container.securityContext?.seccompProfile?.type, 'RuntimeDefault');
    assert.ok(container.resources?.requests?.memory && container.resources?.limits?.memory);
    const args = (container.args ?? []) as string[];
    const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const mounts = container.volumeMounts ?? [];
    const volumeAt = (file: string) => mounts.find((m) => file.startsWith(`${m.mountPath}/`));
    const tokenMount = volumeAt(flag('token-file')!);
    const dbMount = volumeAt(flag('db')!);
    assert.ok(tokenMount?.readOnly && dbMount?.readOnly);
    const volumes = spec.volumes ?? [];
    assert.ok(volumes.find((v) => v.name === tokenMount?.name)?.secret?.secretName);
    assert.equal(volumes.find((v) => v.name === dbMount?.name)?.persistentVolumeClaim?.readOnly, true);
  });

  it("starts with the Deployment's arguments: the probe path answers, the API wants the token", async () => {
    const { container } = await deployment();
    const db = join(dir, 'stockade.db');
    openHistory(db).close();
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'a-token-from-the-mounted-secret-0123\n');
    const args = ((container.args ?? []) as string[]).map((a) =>
      a.startsWith('--db=') ? `--db=${db}` : a.startsWith('--token-file=') ? `--token-file=${tokenFile}` : a.startsWith('--port=') ? '--port=0' : a,
    );
    const child = spawn(process.execPath, [join(repoRoot, 'bin/stockade.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    try {
      let stderr = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /serving (http:\/\/\S+)/.exec(stderr);
          if (m) resolve(m[1]!.replace('0.0.0.0', '127.0.0.1'));
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const probe = (container.readinessProbe as { httpGet: { path: string } }).httpGet.path;
      assert.equal((await fetch(new URL(probe, url), { signal: AbortSignal.timeout(10_000) })).status, 200);
      assert.equal((await fetch(new URL('api/scans', url), { signal: AbortSignal.timeout(10_000) })).status, 401);
      const ok = await fetch(new URL('api/scans', url), { headers: { Authorization: 'Bearer a-token-from-the-mounted-secret-0123' }, signal: AbortSignal.timeout(10_000) });
      assert.equal(ok.status, 200);
    } finally {
      clearTimeout(killer);
      child.kill('SIGTERM');
    }
  });
});
