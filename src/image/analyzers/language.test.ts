import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../../../test/corpus.js';
import { analyseStream } from '../fs/layer.js';
import type { FoundPackage } from './analyzer.js';
import { goBinaryAnalyzer, GoBuildInfoScanner, goPackages, parseGoBuildInfo } from './go-binary.js';
import { jarPackages, javaAnalyzer } from './java.js';
import { npmAnalyzer, parsePackageLock } from './npm.js';
import { parsePythonMetadata } from './python.js';

const work = mkdtempSync(join(tmpdir(), 'stockade-lang-'));
after(() => rmSync(work, { recursive: true, force: true }));
const ids = (pkgs: FoundPackage[]) => pkgs.map((p) => `${p.name}@${p.version}`);

/** `npm ls --json` flattened to name@version: npm's own view of this repository's node_modules. */
function npmLs(...args: string[]): Set<string> {
  const tree = JSON.parse(execFileSync('npm', ['ls', '--all', '--json', ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as {
    dependencies?: Record<string, { version?: string; dependencies?: unknown }>;
  };
  const out = new Set<string>();
  const walk = (deps: Record<string, { version?: string; dependencies?: unknown }> | undefined) => {
    for (const [name, dep] of Object.entries(deps ?? {})) {
      if (dep.version) out.add(`${name}@${dep.version}`);
      walk(dep.dependencies as typeof deps);
    }
  };
  walk(tree.dependencies);
  return out;
}

describe('npm analysers, with npm itself as the oracle', () => {
  it("read this repository's package-lock.json to the production packages `npm ls --omit=dev` lists", () => {
    const ours = new Set(ids(parsePackageLock(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'))));
    assert.deepEqual([...ours].sort(), [...npmLs('--omit=dev')].sort());
  });

  it("read every node_modules/*/package.json to the packages `npm ls` lists", async () => {
    const ours = new Set<string>();
    const walk = async (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        const file = { path: `/app/${full.slice(repoRoot.length + 1)}`, size: 1, mode: 0o644 };
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && npmAnalyzer.wants(file)) for (const p of (await npmAnalyzer.analyze(file, readFileSync(full))).packages ?? []) ours.add(`${p.name}@${p.version}`);
      }
    };
    await walk(join(repoRoot, 'node_modules'));
    assert.deepEqual([...ours].sort(), [...npmLs()].sort());
  });

  it('reads lockfile v1 nesting, skips dev, links and URL versions', () => {
    const v1 = JSON.stringify({
      lockfileVersion: 1,
      dependencies: {
        express: { version: '4.18.2', dependencies: { debug: { version: '2.6.9' } } },
        jest: { version: '29.0.0', dev: true },
        local: { version: 'file:../local' },
      },
    });
    assert.deepEqual(ids(parsePackageLock(v1)), ['express@4.18.2', 'debug@2.6.9']);
    const v3 = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, 'packages/a': { version: '1.0.0' }, 'node_modules/a': { link: true }, 'node_modules/@s/b': { version: '2.0.0', license: 'MIT' } } });
    assert.deepEqual(parsePackageLock(v3).map((p) => [p.name, p.licenses]), [['@s/b', ['MIT']]]);
  });

  it('turns broken JSON into a note', async () => {
    const result = await npmAnalyzer.analyze({ path: '/app/package-lock.json', size: 3, mode: 0o644 }, Buffer.from('{x'));
    assert.match(result.notes?.[0] ?? '', /not valid JSON/);
  });
});

describe('Python analyser', () => {
  it('reads core metadata headers and stops at the description body', () => {
    const metadata = [
      'Metadata-Version: 2.1',
      'Name: requests',
      'Version: 2.31.0',
      'License: Apache 2.0',
      'Classifier: License :: OSI Approved :: Apache Software License',
      'Classifier: Programming Language :: Python :: 3',
      '',
      'Name: not-a-header',
      'Version: 0',
    ].join('\n');
    const [pkg] = parsePythonMetadata(metadata);
    assert.deepEqual([pkg.ecosystem, pkg.name, pkg.version, pkg.licenses], ['PyPI', 'requests', '2.31.0', ['Apache 2.0', 'Apache Software License']]);
    assert.deepEqual(parsePythonMetadata('Metadata-Version: 2.4\nName: x\nVersion: 1\nLicense-Expression: MIT OR Apache-2.0\n')[0].licenses, ['MIT OR Apache-2.0']);
    assert.deepEqual(parsePythonMetadata('Name: no-version\n'), []);
  });
});

describe('Go binary analyser, with `go version -m` as the oracle', () => {
  /** `go version -m` output parsed: go version, path, mod, deps with replacements applied. */
  function goVersionM(binary: string) {
    const lines = execFileSync('go', ['version', '-m', binary], { encoding: 'utf8' }).split('\n');
    const goVersion = lines[0].split(': ')[1];
    const out: { goVersion: string; path?: string; main?: { path: string; version: string }; deps: { path: string; version: string }[] } = { goVersion, deps: [] };
    let last: { path: string; version: string } | undefined;
    for (const line of lines.slice(1)) {
      const f = line.trim().split('\t');
      if (f[0] === 'path') out.path = f[1];
      if (f[0] === 'mod') last = out.main = { path: f[1], version: f[2] ?? '' };
      if (f[0] === 'dep') out.deps.push((last = { path: f[1], version: f[2] ?? '' }));
      if (f[0] === '=>' && last) Object.assign(last, { path: f[1], version: f[2] ?? '' });
    }
    return out;
  }

  it('reads the modules of a binary built in module mode with a vendored dependency', () => {
    const app = join(work, 'goapp');
    mkdirSync(join(app, 'vendor', 'example.com', 'dep'), { recursive: true });
    writeFileSync(join(app, 'go.mod'), 'module example.com/app\n\ngo 1.18\n\nrequire example.com/dep v1.2.3\n');
    writeFileSync(join(app, 'main.go'), 'package main\n\nimport "example.com/dep"\n\nfunc main() { println(dep.Hello()) }\n');
    writeFileSync(join(app, 'vendor', 'example.com', 'dep', 'dep.go'), 'package dep\n\nfunc Hello() string { return "hi" }\n');
    writeFileSync(join(app, 'vendor', 'modules.txt'), '# example.com/dep v1.2.3\n## explicit\nexample.com/dep\n');
    const binary = join(work, 'app.bin');
    execFileSync('go', ['build', '-ldflags=-s -w', '-o', binary, '.'], {
      cwd: app,
      env: { ...process.env, HOME: work, GOPATH: join(work, 'gopath'), GOCACHE: join(work, 'gocache'), GOPROXY: 'off', GOFLAGS: '-mod=vendor' },
      stdio: 'ignore',
      timeout: 120_000,
    });
    const bytes = readFileSync(binary);
    assert.ok(goBinaryAnalyzer.wants({ path: '/app', size: bytes.length, mode: 0o755 }), `a ${bytes.length}-byte Go program is read`);
    const info = parseGoBuildInfo(bytes);
    assert.deepEqual(info, goVersionM(binary));
    assert.deepEqual(ids(goPackages(info!)), [`stdlib@v${info!.goVersion.slice(2)}`, 'example.com/dep@v1.2.3']);
    // Streamed in chunks that cut the magic and the header anywhere, the scanner finds the same.
    for (const size of [4096, 333, 7]) {
      const scanner = new GoBuildInfoScanner();
      for (let at = 0; at < bytes.length && !scanner.done; at += size) scanner.push(bytes.subarray(at, at + size));
      assert.deepEqual(scanner.finish(), info, `chunks of ${size} bytes`);
    }
  });

  it("reads the build info of Debian's skopeo, built without modules", () => {
    const binary = execFileSync('sh', ['-c', 'command -v skopeo'], { encoding: 'utf8' }).trim();
    assert.deepEqual(parseGoBuildInfo(readFileSync(binary)), goVersionM(binary));
  });

  it('ignores executables that are not Go and notes the ones it cannot read', async () => {
    const file = { path: '/bin/x', size: 4096, mode: 0o755 };
    assert.equal(goBinaryAnalyzer.wants(file), false, 'too small to be a gc-built Go program');
    const analyse = async (bytes: Buffer) => (await analyseStream([goBinaryAnalyzer], { ...file, size: bytes.length }, [bytes])).analysis ?? {};
    assert.deepEqual(await analyse(readFileSync('/bin/sh')), {});
    const oldGo = Buffer.alloc(256);
    Buffer.from('\x7fELF', 'latin1').copy(oldGo, 0);
    Buffer.from('\xff Go buildinf:', 'latin1').copy(oldGo, 64);
    oldGo[64 + 14] = 8;
    oldGo[64 + 15] = 0;
    assert.match((await analyse(oldGo)).notes?.[0] ?? '', /before Go 1\.18/);
    const truncated = Buffer.from(oldGo);
    truncated[64 + 15] = 2;
    truncated[96] = 0xff;
    truncated[97] = 0x7f; // a string of 16383 bytes in a 256-byte file
    assert.match((await analyse(truncated)).notes?.[0] ?? '', /Go executable/);
  });
});

describe('Java analyser', () => {
  function jar(name: string, files: Record<string, string | Buffer>): Buffer {
    const dir = join(work, `${name}-src`);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const out = join(work, name);
    execFileSync('zip', ['-qr', out, '.'], { cwd: dir });
    return readFileSync(out);
  }

  it('reads pom.properties of a jar and of the jars nested in a fat jar', async () => {
    const inner = jar('jackson.jar', {
      'META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties': '#Generated by Maven\nversion=2.15.2\ngroupId=com.fasterxml.jackson.core\nartifactId=jackson-databind\n',
    });
    const fat = jar('app.jar', {
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\n',
      'META-INF/maven/com.example/app/pom.properties': 'groupId=com.example\nartifactId=app\nversion=1.0.0\n',
      'BOOT-INF/lib/jackson-databind-2.15.2.jar': inner,
    });
    assert.deepEqual(ids(await jarPackages(fat)).sort(), ['com.example:app@1.0.0', 'com.fasterxml.jackson.core:jackson-databind@2.15.2']);
  });

  it('notes an archive that is not a zip instead of failing the scan', async () => {
    const result = await javaAnalyzer.analyze({ path: '/opt/broken.jar', size: 10, mode: 0o644 }, Buffer.from('PK\u0003\u0004 not really'));
    assert.match(result.notes?.[0] ?? '', /broken\.jar: not a readable Java archive/);
  });
});
