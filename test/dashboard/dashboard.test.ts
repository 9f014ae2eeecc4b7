import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/server.js';
import { artifactsDir, launchBrowser } from '../browser.js';
import { runCli } from '../cli/run.js';
import { corpusPath } from '../corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-dashboard-'));
const db = join(dir, 'history.db');
const PASSWORD = 'Zq8-literal-Passw0rd-!';
const TOKEN = 'dashboard-test-token-0123456789';

/** Scans recorded in this order: their ids in the fresh database are 1, 2, 3, 4, 5. */
const SCANS = {
  goat: { id: 1, paths: () => [corpusPath('kubernetes-goat')], args: ['--policy', 'all'] },
  badpods: { id: 2, paths: () => [corpusPath('badpods')], args: [] },
  boutique: { id: 3, paths: () => [corpusPath('microservices-demo', 'release'), corpusPath('microservices-demo', 'kustomize', 'components', 'network-policies')], args: [] },
  bootstrap: { id: 4, paths: () => [corpusPath('rbac', 'k8s-bootstrap-policy')], args: [] },
  secrets: { id: 5, paths: () => [join(dir, 'secrets.yaml')], args: [] },
};
const summaries = new Map<number, { findings: number; bySeverity: Record<string, number> }>();

let browser: Browser;
let dashboard: RunningDashboard;
let guarded: RunningDashboard;

before(async () => {
  writeFileSync(
    join(dir, 'secrets.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
  namespace: shop
spec:
  selector: {matchLabels: {app: billing}}
  template:
    metadata: {labels: {app: billing}}
    spec:
      containers:
        - name: app
          image: registry.example/billing:1.0
          env:
            - name: DB_PASSWORD
              value: "${PASSWORD}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: billing-config
  namespace: shop
data:
  app.properties: |
    db.url=jdbc:postgresql://db:5432/billing
    db.password=${PASSWORD}
`,
  );
  for (const scan of Object.values(SCANS)) {
    const out = join(dir, `scan-${scan.id}.json`);
    const r = await runCli(['scan', ...scan.paths(), ...scan.args, '--format', 'json', '--output', out, '--record', '--db', db]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    summaries.set(scan.id, (JSON.parse(readFileSync(out, 'utf8')) as { summary: { findings: number; bySeverity: Record<string, number> } }).summary);
  }
  dashboard = await startDashboard({ dbPath: db, host: '127.0.0.1', port: 0 });
  guarded = await startDashboard({ dbPath: db, host: '127.0.0.1', port: 0, token: TOKEN });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await dashboard?.close();
  await guarded?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the dashboard on a view, failing on console errors and on any request that leaves 127.0.0.1. */
async function open(url: string, view: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]');
  if (view !== 'overview') await showView(page, view);
  return { page, errors, requests };
}

async function showView(page: Page, view: string): Promise<void> {
  await page.click(`nav a[href="#${view}"]`);
  await page.waitForSelector(`body[data-ready=true][data-view=${view}]`);
}

async function chooseScan(page: Page, id: number, view: string): Promise<void> {
  await page.selectOption('#scan-select', String(id));
  await page.waitForSelector(`body[data-ready=true][data-view=${view}]`);
}

function assertLocal(requests: string[]): void {
  assert.deepEqual(
    requests.filter((u) => new URL(u).hostname !== '127.0.0.1'),
    [],
    'no request leaves 127.0.0.1',
  );
}

describe('dashboard in a real browser', () => {
  it('overview: trend over every recorded scan, score and posture per namespace', async () => {
    const { page, errors, requests } = await open(dashboard.url, 'overview');
    const scans = Object.keys(SCANS).length;
    assert.equal(await page.locator('#trend circle').count(), scans * 5, 'one point per scan and severity');
    assert.equal(await page.locator('#score-trend circle').count(), scans);
    // The latest scan (the secrets manifest) is shown first; its namespace is listed.
    assert.ok(await page.$('#namespaces th >> text=shop'));
    await chooseScan(page, SCANS.goat.id, 'overview');
    const goat = summaries.get(SCANS.goat.id)!;
    assert.equal(await page.textContent('.card.sev-critical .big'), String(goat.bySeverity.critical));
    assert.ok(await page.$('#namespaces th >> text=big-monolith'));
    await page.screenshot({ path: join(artifactsDir, 'dashboard-overview.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assertLocal(requests);
    await page.close();
  });

  it('findings: severity filter, search a check, open a finding and see its highlighted line', async () => {
    const { page, errors, requests } = await open(dashboard.url, 'findings');
    await chooseScan(page, SCANS.goat.id, 'findings');
    const goat = summaries.get(SCANS.goat.id)!;
    assert.equal(await page.textContent('#count'), `${goat.findings} of ${goat.findings} findings`);
    await page.selectOption('#f-severity', 'critical');
    assert.equal(await page.textContent('#count'), `${goat.bySeverity.critical} of ${goat.findings} findings`);
    await page.selectOption('#f-severity', 'all');
    await page.fill('#f-search', 'host-namespaces');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.row')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('host-namespaces'));
    });
    await page.click('.row >> nth=0');
    await page.waitForSelector('#detail:not([hidden]) pre .focus');
    const lineNo = await page.getAttribute('#detail pre .focus', 'data-line');
    const location = await page.textContent('#detail p.muted');
    assert.ok(location?.includes(`:${lineNo}`), `the detail location ${location} names the highlighted line ${lineNo}`);
    assert.match((await page.textContent('#detail pre .focus')) ?? '', /host(PID|IPC|Network)/);
    await page.screenshot({ path: join(artifactsDir, 'dashboard-finding.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail[hidden]', { state: 'attached' });
    assert.deepEqual(errors, []);
    assertLocal(requests);
    await page.close();
  });

  it('keyboard: the views and the findings list work without a mouse, controls are labelled', async () => {
    const { page, errors } = await open(dashboard.url, 'findings');
    for (const id of ['scan-select', 'f-severity', 'f-category', 'f-namespace', 'f-search']) assert.ok(await page.$(`label[for=${id}]`), `${id} has a label`);
    await page.focus('#findings-viewport');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('.row[aria-selected=true]', 'aria-rowindex'), '2');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail:not([hidden])');
    await page.keyboard.press('Alt+3');
    await page.waitForSelector('body[data-ready=true][data-view=rbac]');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('RBAC graph: Kubernetes Goat superadmin binding on an escalation path to cluster-admin', async () => {
    const { page, errors, requests } = await open(dashboard.url, 'rbac');
    await chooseScan(page, SCANS.goat.id, 'rbac');
    const binding = page.locator('#rbac-graph .node[data-id="ClusterRoleBinding:/superadmin"]');
    assert.equal(await binding.count(), 1);
    assert.match((await binding.getAttribute('class')) ?? '', /\besc\b/, 'the superadmin binding is on an escalation path');
    assert.match((await page.locator('#rbac-graph .node[data-id="ServiceAccount:kube-system/superadmin"]').getAttribute('class')) ?? '', /\besc\b/);
    assert.ok((await page.locator('#rbac-graph .edge.esc').count()) > 0);
    assert.match((await page.textContent('#rbac-paths')) ?? '', /ServiceAccount kube-system\/superadmin → cluster-admin/);
    await binding.focus();
    assert.ok((await page.locator('#rbac-graph .edge.hl').count()) > 0, 'focusing a node highlights its edges');
    await page.screenshot({ path: join(artifactsDir, 'dashboard-rbac.png') });

    // The bootstrap policy: filtering narrows the graph to what a subject reaches.
    await chooseScan(page, SCANS.bootstrap.id, 'rbac');
    await page.fill('#rbac-filter', 'system:kube-scheduler');
    await page.waitForFunction(() => document.querySelectorAll('#rbac-graph .node-subject').length >= 1);
    const subjects = await page.locator('#rbac-graph .node-subject').allTextContents();
    assert.ok(subjects.every((s) => s.includes('system:kube-scheduler')), subjects.join(', '));
    assert.ok((await page.locator('#rbac-graph .node-permission').count()) > 0);
    assert.deepEqual(errors, []);
    assertLocal(requests);
    await page.close();
  });

  it('network graph: Online Boutique workloads grouped by namespace, policy-allowed edges, frontend exposed', async () => {
    const { page, errors, requests } = await open(dashboard.url, 'network');
    await chooseScan(page, SCANS.boutique.id, 'network');
    const frontend = page.locator('#network-graph .node[data-id="default/frontend[Deployment]"]');
    assert.equal(await frontend.count(), 1);
    assert.match((await frontend.getAttribute('class')) ?? '', /\bexposed\b/, 'frontend-external is a LoadBalancer');
    assert.equal(await page.locator('#network-graph .node.internet').count(), 1);
    assert.equal(await page.locator('#network-graph .namespace[data-namespace=default]').count(), 1);
    const edges = await page.locator('#network-graph .edge title').allTextContents();
    // The Online Boutique policies: only cartservice may reach redis-cart.
    assert.ok(edges.some((t) => t.startsWith('default/cartservice[Deployment] → default/redis-cart[Deployment]: TCP 6379')), edges.join('\n'));
    assert.ok(!edges.some((t) => t.startsWith('default/frontend[Deployment] → default/redis-cart[Deployment]')));
    await page.screenshot({ path: join(artifactsDir, 'dashboard-network.png') });
    // Filtering keeps a workload and its peers: cartservice reaches redis-cart, and redis-cart may
    // open the frontend (its policy admits every source).
    await page.fill('#net-filter', 'redis-cart');
    await page.waitForFunction(() => document.querySelectorAll('#network-graph .node.workload').length < 12);
    const shown = await page.locator('#network-graph .node.workload').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')).sort());
    assert.deepEqual(shown, ['default/cartservice[Deployment]', 'default/frontend[Deployment]', 'default/redis-cart[Deployment]']);
    assert.deepEqual(errors, []);
    assertLocal(requests);
    await page.close();
  });

  it('images, exceptions and the check catalogue render', async () => {
    const { page, errors } = await open(dashboard.url, 'images');
    assert.ok(await page.$('#images code >> text=registry.example/billing:1.0'));
    assert.match((await page.textContent('#images')) ?? '', /Deployment shop\/billing \(app\)/);
    await showView(page, 'exceptions');
    await showView(page, 'checks');
    assert.ok((await page.locator('#checks tbody tr').count()) > 50);
    await page.fill('#checks-search', 'host-namespaces');
    assert.equal(await page.locator('#checks tbody tr').count(), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('no secret value reaches the page or the API', async () => {
    const { page, errors } = await open(dashboard.url, 'findings');
    const secrets = summaries.get(SCANS.secrets.id)!;
    assert.ok(secrets.findings > 0);
    await page.fill('#f-search', 'billing');
    for (let i = 0; i < Math.min(secrets.findings, 10); i++) {
      const rows = page.locator('.row');
      if (i >= (await rows.count())) break;
      await rows.nth(i).click();
      await page.waitForSelector('#detail:not([hidden])');
      assert.ok(!((await page.content()).includes(PASSWORD)), 'the password is not in the page');
    }
    const api = ['findings', 'namespaces', 'rbac', 'network', 'images', 'exceptions'].map((v) => `api/scans/${SCANS.secrets.id}/${v}`);
    for (let i = 0; i < secrets.findings; i++) api.push(`api/scans/${SCANS.secrets.id}/finding/${i}`);
    for (const path of api) {
      const body = await (await fetch(new URL(path, dashboard.url))).text();
      assert.ok(!body.includes(PASSWORD), `${path} does not carry the password`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('with a token: the API answers 401 without it, the page works when opened with it', async () => {
    assert.equal((await fetch(new URL('api/scans', guarded.url))).status, 401);
    const denied = await browser.newPage();
    await denied.goto(guarded.url);
    await denied.waitForSelector('[role=alert]');
    assert.match((await denied.textContent('[role=alert]')) ?? '', /token/);
    await denied.close();
    const { page, errors, requests } = await open(`${guarded.url}#token=${TOKEN}`, 'findings');
    assert.match((await page.textContent('#count')) ?? '', /findings$/);
    assert.ok(!page.url().includes(TOKEN), 'the token is removed from the address');
    assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
    assertLocal(requests);
    await page.close();
  });
});
