import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { artifactsDir, launchBrowser } from '../browser.js';
import { runCli } from '../cli/run.js';
import { corpusPath } from '../corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-html-'));
let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a report, failing on any console error and on any request that is not the file itself. */
async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
  return { page, errors, requests };
}

describe('HTML report in a real browser', () => {
  it('shows the corpus scan: counts, filters, search, detail with the highlighted line', async () => {
    const report = join(dir, 'goat.html');
    const r = await runCli(['scan', corpusPath('kubernetes-goat'), corpusPath('badpods'), '--policy', 'all', '--format', 'html', '--output', report]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const json = JSON.parse((await runCli(['scan', corpusPath('kubernetes-goat'), corpusPath('badpods'), '--policy', 'all', '--format', 'json'])).stdout) as {
      summary: { findings: number; bySeverity: Record<string, number> };
    };
    const { page, errors, requests } = await open(report);

    const total = json.summary.findings;
    assert.match(await page.textContent('#count') ?? '', new RegExp(`^${total} of \\d+ findings`));

    await page.selectOption('#f-severity', 'critical');
    await page.waitForFunction((n) => document.querySelector('#count')?.textContent?.startsWith(`${n} of`), json.summary.bySeverity.critical);

    await page.selectOption('#f-severity', 'all');
    await page.fill('#f-search', 'host-namespaces');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('.row')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('host-namespaces'));
    });
    await page.screenshot({ path: join(artifactsDir, 'report-search.png') });

    await page.click('.row >> nth=0');
    await page.waitForSelector('#detail:not([hidden])');
    const focus = await page.$('#detail pre .focus');
    assert.ok(focus, 'the offending line is highlighted');
    const lineNo = await focus.getAttribute('data-line');
    const location = await page.textContent('#detail p.muted');
    assert.ok(location?.includes(`:${lineNo}`), `detail location ${location} names line ${lineNo}`);
    await page.screenshot({ path: join(artifactsDir, 'report-detail.png'), fullPage: false });

    await page.keyboard.press('Escape');
    await page.waitForSelector('#detail[hidden]', { state: 'attached' });

    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'no request leaves the page');
    await page.close();
  });

  it('keyboard: arrows move through findings and Enter opens the detail', async () => {
    const report = join(dir, 'examples.html');
    await runCli(['scan', corpusPath('badpods', 'manifests', 'priv'), '--format', 'html', '--output', report]);
    const { page, errors } = await open(report);
    await page.focus('#findings-viewport');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('.row[aria-selected=true]', 'aria-rowindex'), '2');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail:not([hidden])');
    assert.ok(await page.$('label[for=f-search]'), 'controls are labelled');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
