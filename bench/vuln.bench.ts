/**
 * Vulnerability database benchmark: import 200,000 synthetic OSV records from a zip export and
 * match 1,000 installed packages against them. Each figure is printed with a baseline measured
 * in the same run on the same rows: bare SQLite inserts of the records, and bare SQLite lookups
 * of the same 1,000 package keys fetching the columns the matcher reads (nothing parsed, no
 * version logic). CPU time is printed beside wall time: on a shared machine wall time mostly
 * measures the neighbours.
 * Targets (issue): import ≤ 60 s, match ≤ 100 ms.
 * Run: node --import tsx bench/vuln.bench.ts [records]
 * To iterate on matching alone: VULN_BENCH_DIR=<dir> keeps the imported database there and, when
 * it is already present, reuses it (generation, import and their figures are skipped).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import yazl from 'yazl';
import type { InstalledPackage } from '../src/image/package.js';
import { importOsv, matchPackages, openVulnDb } from '../src/image/vuln/index.js';

const RECORDS = Number(process.argv[2] ?? 200_000);
const PACKAGES = 1_000;
const NAMES_PER_ECOSYSTEM = 5_000;

interface Ecosystem {
  name: string;
  version: (major: number, minor: number) => string;
  purl: string;
}

const ECOSYSTEMS: Ecosystem[] = [
  { name: 'Debian:12', version: (a, b) => `${a}.${b}-${1 + (b % 3)}+deb12u${b % 5}`, purl: 'deb/debian' },
  { name: 'Alpine:v3.20', version: (a, b) => `${a}.${b}.${b % 7}-r${b % 4}`, purl: 'apk/alpine' },
  { name: 'npm', version: (a, b) => `${a}.${b}.${b % 9}`, purl: 'npm' },
  { name: 'PyPI', version: (a, b) => `${a}.${b}${b % 4 === 0 ? 'rc1' : ''}`, purl: 'pypi' },
];

let seed = 12345;
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

function record(i: number): object {
  const eco = ECOSYSTEMS[i % ECOSYSTEMS.length];
  const name = `pkg-${Math.floor(random() * NAMES_PER_ECOSYSTEM)}`;
  const major = 1 + Math.floor(random() * 5);
  const minor = Math.floor(random() * 40);
  const events: object[] = [{ introduced: random() < 0.5 ? '0' : eco.version(major, 0) }, { fixed: eco.version(major, minor + 1) }];
  return {
    id: `SYN-${i}`,
    modified: '2026-01-01T00:00:00Z',
    aliases: [`CVE-2026-${100000 + i}`],
    summary: `synthetic advisory ${i}`,
    severity: [{ type: 'CVSS_V3', score: `CVSS:3.1/AV:N/AC:${random() < 0.5 ? 'L' : 'H'}/PR:N/UI:N/S:U/C:H/I:${random() < 0.5 ? 'H' : 'N'}/A:N` }],
    affected: [
      {
        package: { ecosystem: eco.name, name },
        ranges: [{ type: eco.name === 'npm' ? 'SEMVER' : 'ECOSYSTEM', events }],
        versions: random() < 0.2 ? [eco.version(major, minor), eco.version(major, Math.max(0, minor - 1))] : [],
      },
    ],
  };
}

const PER_ZIP = 10_000;

/** One zip of records `from`..`to`-1 (yazl slows down sharply past some ten thousand entries per zip). */
async function writeZip(path: string, from: number, to: number, rows: Array<[string, string]>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (let i = from; i < to; i++) {
    const text = JSON.stringify(record(i));
    rows.push([`SYN-${i}`, text]);
    // Every 8th entry deflated (as OSV's exports are), the rest stored: yazl deflates all added
    // buffers at once, which for 200,000 entries would cost gigabytes; stored entries take the same
    // path through the reader except the inflate, which the deflated ones exercise.
    zip.addBuffer(Buffer.from(text), `SYN-${i}.json`, { compress: i % 8 === 0 });
  }
  zip.end();
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', resolve);
    zip.outputStream.on('error', reject);
  });
  writeFileSync(path, Buffer.concat(chunks));
}

function packagesToMatch(): InstalledPackage[] {
  return Array.from({ length: PACKAGES }, (_, i) => {
    const eco = ECOSYSTEMS[i % ECOSYSTEMS.length];
    const name = `pkg-${Math.floor(random() * NAMES_PER_ECOSYSTEM)}`;
    const version = eco.version(1 + Math.floor(random() * 5), Math.floor(random() * 40));
    return { ecosystem: eco.name, name, version, sourceName: name, sourceVersion: version, purl: `pkg:${eco.purl}/${name}@${version}`, foundIn: 'bench' };
  });
}

/** CPU milliseconds (user + system, all threads) since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Generates the export, imports it into `dbPath` and prints the import figures beside the bare-insert baseline. */
async function generateAndImport(dir: string, dbPath: string): Promise<void> {
  // The export as several zips in one directory, as `db import DIR` reads a set of ecosystem exports.
  const exportDir = join(dir, 'export');
  mkdirSync(exportDir);
  let t = performance.now();
  const rows: Array<[string, string]> = [];
  for (let from = 0; from < RECORDS; from += PER_ZIP) {
    await writeZip(join(exportDir, `part-${String(from / PER_ZIP).padStart(3, '0')}.zip`), from, Math.min(RECORDS, from + PER_ZIP), rows);
  }
  console.log(`generated ${RECORDS.toLocaleString()} records into ${Math.ceil(RECORDS / PER_ZIP)} zips in ${((performance.now() - t) / 1000).toFixed(1)} s (not measured)`);

  // Baseline: the same records inserted as bare rows (id, JSON), one transaction, no parsing.
  const bare = new Database(join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec('CREATE TABLE records (id TEXT PRIMARY KEY, body TEXT)');
  t = performance.now();
  const insert = bare.prepare('INSERT INTO records VALUES (?, ?)');
  bare.transaction(() => {
    for (const [id, body] of rows) insert.run(id, body);
  })();
  const bareInsertMs = performance.now() - t;
  bare.close();
  rmSync(join(dir, 'bare.db'), { force: true });
  // The generated rows are not needed any more: keeping them alive would tax every later GC.
  rows.length = 0;

  const vdb = openVulnDb(dbPath);
  t = performance.now();
  const importCpu = process.cpuUsage();
  const summary = await importOsv(vdb.advisories, exportDir, { now: new Date() });
  const importMs = performance.now() - t;
  const importCpuMs = cpuMs(importCpu);
  if (summary.records !== RECORDS || summary.errors.length > 0) throw new Error(`import read ${summary.records} records, ${summary.errors.length} errors`);
  console.log(
    `import ${RECORDS.toLocaleString()} records: ${(importMs / 1000).toFixed(1)} s (target ≤ 60 s; CPU ${(importCpuMs / 1000).toFixed(1)} s); ` +
      `baseline bare SQLite insert of the same rows ${(bareInsertMs / 1000).toFixed(2)} s; ratio ${(importMs / bareInsertMs).toFixed(1)}×`,
  );
  vdb.close();
  rmSync(exportDir, { recursive: true, force: true });
}

const keptDir = process.env.VULN_BENCH_DIR;
const dir = keptDir ?? mkdtempSync(join(tmpdir(), 'stockade-vuln-bench-'));
try {
  const dbPath = join(dir, `stockade-${RECORDS}.db`);
  if (keptDir && existsSync(dbPath)) {
    console.log(`reusing the database imported earlier in ${keptDir} (generation and import not run)`);
    // The packages are drawn from the same random sequence as after a generation.
    for (let i = 0; i < RECORDS; i++) record(i);
  } else {
    if (keptDir) mkdirSync(keptDir, { recursive: true });
    await generateAndImport(dir, dbPath);
  }
  const vdb = openVulnDb(dbPath);
  let t: number;

  const packages = packagesToMatch();
  matchPackages(vdb, packages);
  const matchTimes: number[] = [];
  const matchCpu: number[] = [];
  let found = 0;
  for (let run = 0; run < 7; run++) {
    t = performance.now();
    const cpu = process.cpuUsage();
    found = matchPackages(vdb, packages).length;
    matchTimes.push(performance.now() - t);
    matchCpu.push(cpuMs(cpu));
  }
  // Baseline: the same 1,000 lookups fetching the same rows, nothing parsed or compared.
  const lookup = vdb.db
    .prepare(
      "SELECT advisory_id, match, severity, info FROM affected WHERE base_ecosystem = ? AND name = ? AND release IN (?, '') AND withdrawn IS NULL",
    )
    .raw(true);
  const baseTimes: number[] = [];
  for (let run = 0; run < 7; run++) {
    t = performance.now();
    for (const p of packages) lookup.all(p.ecosystem.split(':')[0], p.name, p.ecosystem.split(':')[1] ?? '');
    baseTimes.push(performance.now() - t);
  }
  const matchMs = median(matchTimes);
  const baseMs = median(baseTimes);
  console.log(
    `match ${PACKAGES.toLocaleString()} packages against ${RECORDS.toLocaleString()} records: ${matchMs.toFixed(1)} ms median of 7 (target ≤ 100 ms; CPU ${median(matchCpu).toFixed(1)} ms), ${found} matches; ` +
      `baseline bare SQLite lookup of the same keys ${baseMs.toFixed(1)} ms; ratio ${(matchMs / baseMs).toFixed(1)}×`,
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  vdb.close();
} finally {
  if (!keptDir) rmSync(dir, { recursive: true, force: true });
}
