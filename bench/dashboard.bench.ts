/**
 * Dashboard and HTML report in headless Chromium (Debian's chromium):
 *  1. dashboard first load to interactive (findings list rendered and accepting keys) with a
 *     scan of about 10,000 findings in the history, against the same page over a scan of a few
 *     hundred findings, measured in the same run;
 *  2. the HTML report of the 10,000-Deployment benchmark: long tasks (PerformanceObserver
 *     'longtask') while it renders and while it is filtered and searched, against the report of
 *     100 Deployments.
 * Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { startDashboard } from '../src/dashboard/server.js';
import { launchBrowser } from '../test/browser.js';
import { generateDeployments } from './generate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stockade-dashboard-bench-'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** About 23 findings per generated Deployment under the default policy. */
const DASHBOARD_DEPLOYMENTS = Number(process.env.BENCH_DASHBOARD_DEPLOYMENTS ?? 440);
const REPORT_DEPLOYMENTS = Number(process.env.BENCH_DEPLOYMENTS ?? 10_000);

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [join(root, 'bin/stockade.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`stockade ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

function manifest(name: string, count: number): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, generateDeployments(count));
  return file;
}

async function dashboardLoad(browser: Browser, deployments: number): Promise<{ findings: number; overviewMs: number; findingsMs: number }> {
  const db = join(dir, `history-${deployments}.db`);
  cli(['scan', manifest(`dash-${deployments}`, deployments), '--record', '--db', db, '--format', 'json', '--output', join(dir, 'dash.json')]);
  const dashboard = await startDashboard({ dbPath: db, host: '127.0.0.1', port: 0 });
  try {
    let overviewMs = Infinity;
    let findingsMs = Infinity;
    let findings = 0;
    for (let i = 0; i < rounds; i++) {
      for (const view of ['overview', 'findings'] as const) {
        const page = await browser.newPage();
        page.setDefaultTimeout(60_000);
        await page.goto(`${dashboard.url}#${view}`);
        await page.waitForSelector(`body[data-ready=true][data-view=${view}]`);
        // Time from navigation start to the view accepting input (marked by the page itself).
        const ms = await page.evaluate((name) => performance.getEntriesByName(name)[0]!.startTime, `stockade-ready:${view}`);
        if (view === 'overview') overviewMs = Math.min(overviewMs, ms);
        else {
          findingsMs = Math.min(findingsMs, ms);
          findings = Number(/of (\d+) findings/.exec((await page.textContent('#count')) ?? '')?.[1] ?? 0);
        }
        await page.close();
      }
    }
    return { findings, overviewMs, findingsMs };
  } finally {
    await dashboard.close();
  }
}

interface LongTask {
  start: number;
  duration: number;
  /** What the page was doing: loading, or the filter step that was running. */
  phase: string;
}

interface ReportRun {
  findings: number;
  readyMs: number;
  filterMs: number;
  longTasks: LongTask[];
}

const FILTER_STEPS = [
  ['search', 'app-1'],
  ['severity', 'critical'],
  ['severity', 'all'],
  ['search', ''],
] as const;

async function reportRuns(browser: Browser, deployments: number): Promise<{ runs: ReportRun[]; bytes: number }> {
  const html = join(dir, `report-${deployments}.html`);
  cli(['scan', manifest(`report-${deployments}`, deployments), '--policy', 'all', '--format', 'html', '--output', html]);
  const bytes = statSync(html).size;
  const runs: ReportRun[] = [];
  for (let i = 0; i < rounds; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(120_000);
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: { start: number; duration: number }[]; readyAt: number };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      // The report sets data-ready on <body> when its list is interactive.
      new MutationObserver(() => {
        if (!w.readyAt && document.body?.getAttribute('data-ready') === 'true') w.readyAt = performance.now();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
    });
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('body[data-ready=true]');
    const readyMs = await page.evaluate(() => (window as unknown as { readyAt: number }).readyAt);
    const count = async () => (await page.textContent('#count')) ?? '';
    const findings = Number(/of (\d+)/.exec(await count())?.[1] ?? 0);
    const phases: { name: string; start: number }[] = [];
    const started = Date.now();
    for (const [kind, value] of FILTER_STEPS) {
      const before = await count();
      phases.push({ name: `${kind} "${value}"`, start: await page.evaluate(() => performance.now()) });
      if (kind === 'severity') await page.selectOption('#f-severity', value);
      else await page.fill('#f-search', value);
      await page.waitForFunction((previous) => document.querySelector('#count')?.textContent !== previous, before, { timeout: 30_000 });
    }
    const filterMs = Date.now() - started;
    // A long task is reported once it ends: give the observer a frame to deliver.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    const raw = await page.evaluate(() => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks);
    await page.close();
    const longTasks = raw.map((t) => ({ ...t, phase: [...phases].reverse().find((p) => t.start >= p.start)?.name ?? 'loading' }));
    runs.push({ findings, readyMs, filterMs, longTasks });
  }
  return { runs, bytes };
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

const browser = await launchBrowser();
try {
  const small = await dashboardLoad(browser, 10);
  const big = await dashboardLoad(browser, DASHBOARD_DEPLOYMENTS);
  console.log(`dashboard first load, overview: ${ms(big.overviewMs)} with ${big.findings} findings in history (baseline ${small.findings} findings: ${ms(small.overviewMs)}, ratio ${(big.overviewMs / small.overviewMs).toFixed(2)})`);
  console.log(`dashboard first load, findings browser interactive: ${ms(big.findingsMs)} with ${big.findings} findings (baseline ${small.findings}: ${ms(small.findingsMs)}, ratio ${(big.findingsMs / small.findingsMs).toFixed(2)}); target ≤ 1000 ms`);

  const base = await reportRuns(browser, 100);
  const full = await reportRuns(browser, REPORT_DEPLOYMENTS);
  const longest = (r: ReportRun) => Math.max(0, ...r.longTasks.map((t) => t.duration));
  for (const [name, { runs, bytes }] of [[`${REPORT_DEPLOYMENTS} Deployments`, full], ['100 Deployments (baseline)', base]] as const) {
    const over = runs.flatMap((r) => r.longTasks.filter((t) => t.duration > 200));
    console.log(
      `HTML report, ${name}: ${runs[0]!.findings} findings, ${(bytes / 1e6).toFixed(1)} MB; per round: interactive after ${runs.map((r) => ms(r.readyMs)).join(' / ')}, ` +
        `${FILTER_STEPS.length} filter steps in ${runs.map((r) => ms(r.filterMs)).join(' / ')}, longest task ${runs.map((r) => ms(longest(r))).join(' / ')}; ` +
        `tasks over 200 ms: ${over.length}${over.length ? ` (${over.map((t) => `${ms(t.duration)} while ${t.phase}`).join(', ')})` : ''}`,
    );
  }
  const fastest = (runs: ReportRun[]) => Math.min(...runs.map((r) => r.readyMs));
  console.log(`HTML report interactive-time ratio ${REPORT_DEPLOYMENTS}/100 Deployments (fastest rounds): ${(fastest(full.runs) / fastest(base.runs)).toFixed(2)}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
