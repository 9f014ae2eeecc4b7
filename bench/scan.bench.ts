/**
 * Foundation benchmark: scan 10,000 Deployments (two containers each) with every check, JSON
 * output and a line for every finding, against the floor of js-yaml merely parsing the same
 * file, both as fresh processes measured in the same run. The scan runs as users run it (one
 * thread) and again split across two threads (--workers 2), each with its processor time
 * beside its wall time: on a shared machine wall time also measures the neighbours.
 * A second reference puts the report's size in proportion: V8's native JSON.stringify of the
 * whole report (read back from ours, untimed) plus writing it, the naive way to print these
 * findings; the scan encodes each finding as it is made and should stay well below it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDeployments } from './generate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stockade-bench-'));
const input = join(dir, 'deployments.yaml');
const count = Number(process.env.BENCH_DEPLOYMENTS ?? 10_000);
writeFileSync(input, generateDeployments(count));

interface Run {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

function timed(script: string, args: string[]): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 1) throw new Error(`benchmark child failed (${child.status}): ${child.stderr}`);
  const rss = /maxRSS=(\d+) cpu=(\d+)/.exec(child.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, cpuSeconds: rss ? Number(rss[2]) / 1e6 : NaN };
}

const reportRss =
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('maxRSS=' + u.maxRSS + ' cpu=' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });";
const parseFloor = `${reportRss}
import yaml from 'js-yaml';
import { readFileSync } from 'node:fs';
const docs = yaml.loadAll(readFileSync(process.argv[1], 'utf8'));
if (docs.length === 0) process.exit(3);`;
const scan = `${reportRss}
const { main } = await import('./dist/cli/main.js');
process.exitCode = await main(['scan', process.argv[1], '--policy', 'all', '--format', 'json', '--output', process.argv[2], ...process.argv.slice(3)]);`;

const outputFloor = `
import { readFileSync, writeFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const started = performance.now();
writeFileSync(process.argv[2], JSON.stringify(report));
process.stderr.write('outputSeconds=' + (performance.now() - started) / 1000 + '\\n');`;

function outputSeconds(reportFile: string): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', outputFloor, reportFile, join(dir, 'restringified.json')], { encoding: 'utf8' });
  const seconds = /outputSeconds=([\d.]+)/.exec(child.stderr);
  if (!seconds) throw new Error(`output reference failed: ${child.stderr}`);
  return Number(seconds[1]);
}

/**
 * The least any scan printing this report can take: js-yaml's parse of the input plus writing
 * the report's bytes, in a fresh process (its start-up counted, as the floor's is), the report
 * read into memory first and that read not counted. Checks and findings would come on top.
 */
const parseAndWriteFloor = `
import yaml from 'js-yaml';
import { readFileSync, writeFileSync } from 'node:fs';
const readStarted = performance.now();
const report = readFileSync(process.argv[2]);
const readMs = performance.now() - readStarted;
if (yaml.loadAll(readFileSync(process.argv[1], 'utf8')).length === 0) process.exit(3);
writeFileSync(process.argv[3], report);
process.stderr.write('parseAndWriteSeconds=' + (performance.now() - readMs) / 1000 + '\\n');`;

function parseAndWriteSeconds(reportFile: string): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', parseAndWriteFloor, input, reportFile, join(dir, 'rewritten.json')], { cwd: root, encoding: 'utf8' });
  const seconds = /parseAndWriteSeconds=([\d.]+)/.exec(child.stderr);
  if (!seconds) throw new Error(`parse-and-write reference failed: ${child.stderr}`);
  return Number(seconds[1]);
}

function best(runs: Run[]): Run {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
const floor: Run[] = [];
const ours: Run[] = [];
const twoThreads: Run[] = [];
for (let i = 0; i < rounds; i++) {
  floor.push(timed(parseFloor, [input]));
  ours.push(timed(scan, [input, join(dir, 'report.json')]));
  twoThreads.push(timed(scan, [input, join(dir, 'report-2.json'), '--workers', '2']));
}
const f = best(floor);
const o = best(ours);
const two = best(twoThreads);
const size = statSync(input).size / 1e6;
const findings = (JSON.parse(
  spawnSync(process.execPath, ['-e', `const r=require(${JSON.stringify(join(dir, 'report.json'))});console.log(JSON.stringify(r.summary))`], { encoding: 'utf8' }).stdout,
) as { findings: number }).findings;
console.log(`scan: ${count} Deployments, ${size.toFixed(1)} MB of YAML, ${findings} findings (best of ${rounds}; load average ${loadAtStart} at start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at end)`);
console.log(`  js-yaml parse floor: ${f.seconds.toFixed(2)} s (${f.cpuSeconds.toFixed(2)} s CPU), peak RSS ${f.maxRssMb.toFixed(0)} MB`);
console.log(`  stockade scan --policy all -f json: ${o.seconds.toFixed(2)} s (${o.cpuSeconds.toFixed(2)} s CPU), peak RSS ${o.maxRssMb.toFixed(0)} MB`);
console.log(`  ratio: ${(o.seconds / f.seconds).toFixed(2)} x the parse floor (target <= 1.5), memory target <= 1024 MB`);
console.log(`  split across two threads (--workers 2): ${two.seconds.toFixed(2)} s (${two.cpuSeconds.toFixed(2)} s CPU), peak RSS ${two.maxRssMb.toFixed(0)} MB, ${(two.seconds / f.seconds).toFixed(2)} x the parse floor`);
const output = Math.min(...Array.from({ length: rounds }, () => outputSeconds(join(dir, 'report.json'))));
console.log(`  reference: native JSON.stringify of the whole report + write: ${output.toFixed(2)} s = ${(output / f.seconds).toFixed(2)} x the parse floor`);
const parseAndWrite = Math.min(...Array.from({ length: rounds }, () => parseAndWriteSeconds(join(dir, 'report.json'))));
console.log(
  `  reference: js-yaml parse + writing the report's ${(statSync(join(dir, 'report.json')).size / 1e6).toFixed(0)} MB, no checks: ${parseAndWrite.toFixed(2)} s = ${(parseAndWrite / f.seconds).toFixed(2)} x the parse floor (the least any scan printing this report takes)`,
);
rmSync(dir, { recursive: true, force: true });
