import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { corpusPath } from '../corpus.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const ONLY = ['--check', 'readonly-root-filesystem'];

function deployment(name: string, annotations = '', templateAnnotations = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata:
      labels: {app: ${name}}
${templateAnnotations ? `      annotations:\n${templateAnnotations}\n` : ''}    spec:
      containers:
      - name: app
        image: app:1.0
      - name: sidecar
        image: proxy:1.0
        securityContext:
          readOnlyRootFilesystem: true
`;
}

interface Finding {
  check: string;
  severity: string;
  message: string;
  resource: { kind: string; namespace?: string; name: string };
  location: { file?: string; line?: number; path?: string };
  fingerprint: string;
  container?: string;
  suppressed?: { by: string; reason: string; expires?: string };
  exceptionExpired?: { expires: string };
}
interface Report {
  schemaVersion: number;
  summary: { resources: number; findings: number; bySeverity: Record<string, number> };
  findings: Finding[];
  errors: unknown[];
}

async function scan(args: string[], stdin?: string) {
  const r = await runCli(['scan', ...args, '--format', 'json'], { stdin });
  return { ...r, report: JSON.parse(r.stdout) as Report };
}

describe('stockade scan', () => {
  it('reports findings with file, line and field path in the JSON schema v1 envelope', async () => {
    const path = file('one.yaml', deployment('web'));
    const { code, report } = await scan([path, ...ONLY, '--fail-on', 'medium']);
    assert.equal(code, 1);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.summary.resources, 1);
    assert.equal(report.findings.length, 1);
    const f = report.findings[0]!;
    assert.equal(f.check, 'readonly-root-filesystem');
    assert.deepEqual(f.resource, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' });
    assert.deepEqual(f.location, { file: path, line: 13, path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem' });
    assert.equal(f.container, 'app');
    assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
  });

  it('exit codes: 0 below --fail-on, 1 at or above it, 2 for usage errors', async () => {
    const path = file('two.yaml', deployment('web'));
    assert.equal((await runCli(['scan', path, ...ONLY])).code, 0, 'medium finding, default fail-on high');
    assert.equal((await runCli(['scan', path, ...ONLY, '--fail-on', 'low'])).code, 1);
    const unknown = await runCli(['scan', path, '--check', 'no-such-check']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown check "no-such-check"/);
    assert.equal((await runCli(['scan', path, '--no-such-flag'])).code, 2);
    assert.equal((await runCli(['scan'])).code, 2);
    const badVersion = await runCli(['scan', path, '--pss-version', '1.25']);
    assert.equal(badVersion.code, 2);
    assert.match(badVersion.stderr, /--pss-version: expected "latest" or "v1.N"/);
  });

  it('reads rendered Helm output from stdin and shows the template as the origin', async () => {
    const rendered = `---\n# Source: shop/templates/web.yaml\n${deployment('web')}`;
    const { report } = await scan(['-', ...ONLY], rendered);
    assert.equal(report.findings[0]!.location.file, 'shop/templates/web.yaml');
  });

  it('honours exceptions on the pod template, per container, with a mandatory reason', async () => {
    const template = '        stockade.dev/ignore: |\n          readonly-root-filesystem[app]: writes its cache to /tmp; tracked in OPS-12';
    const path = file('exc.yaml', deployment('web', '', template));
    const { report, code } = await scan([path, ...ONLY, '--fail-on', 'medium']);
    assert.equal(code, 0);
    assert.equal(report.summary.findings, 0);
    assert.deepEqual(report.findings[0]!.suppressed, { by: 'annotation', reason: 'writes its cache to /tmp; tracked in OPS-12' });

    const otherContainer = file('exc2.yaml', deployment('web', '    stockade.dev/ignore: "readonly-root-filesystem[sidecar]: not this one"'));
    const second = await scan([otherContainer, ...ONLY]);
    assert.equal(second.report.summary.findings, 1, 'an exception for another container does not apply');

    const noReason = file('exc3.yaml', deployment('web', '    stockade.dev/ignore: "readonly-root-filesystem:"'));
    const third = await scan([noReason, ...ONLY]);
    assert.equal(third.report.summary.findings, 1);
    assert.equal(third.code, 2, 'an exception without a reason is an input error');
    assert.match(third.stderr, /has no reason/);
  });

  it('honours config exceptions and reports expired ones', async () => {
    const project = join(dir, 'project');
    file('project/apps/web.yaml', deployment('web'));
    file('project/apps/api.yaml', deployment('api'));
    file(
      'project/.stockade.yaml',
      `exceptions:
  - check: readonly-root-filesystem
    resource: {kind: Deployment, namespace: shop, name: web, container: app}
    reason: legacy image writes to /var/run
    owner: team-shop
    expires: 2999-01-01
  - check: readonly-root-filesystem
    resource: {name: api}
    reason: migration done last year
    expires: 2020-01-01
`,
    );
    const { report } = await scan([join(project, 'apps'), ...ONLY]);
    const web = report.findings.find((f) => f.resource.name === 'web')!;
    const api = report.findings.find((f) => f.resource.name === 'api')!;
    assert.deepEqual(web.suppressed, { by: 'config', reason: 'legacy image writes to /var/run', owner: 'team-shop', expires: '2999-01-01' });
    assert.equal(api.suppressed, undefined);
    assert.equal(api.exceptionExpired?.expires, '2020-01-01');
  });

  it('rejects a config with unknown checks or missing reasons, naming the problem', async () => {
    const project = join(dir, 'badconfig');
    file('badconfig/a.yaml', deployment('web'));
    file('badconfig/.stockade.yaml', 'checks:\n  disable: [readonly-root-filesytem]\nexceptions:\n  - check: readonly-root-filesystem\n');
    const r = await runCli(['scan', project]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown check "readonly-root-filesytem" \(did you mean "readonly-root-filesystem"\?\)/);
    assert.match(r.stderr, /exceptions\[0\]: a reason is required/);
  });

  it('--baseline reports only findings that are new since an earlier report', async () => {
    const before = file('base/app.yaml', deployment('web'));
    const first = await runCli(['scan', before, ...ONLY, '--format', 'json', '--output', join(dir, 'baseline.json')]);
    assert.equal(first.code, 0);
    writeFileSync(before, deployment('web') + '---\n' + deployment('api'));
    const { report } = await scan([before, ...ONLY, '--baseline', join(dir, 'baseline.json')]);
    assert.deepEqual(report.findings.map((f) => f.resource.name), ['api']);
    const bad = await runCli(['scan', before, '--baseline', join(dir, 'nope.json')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /nope\.json: cannot read baseline/);
  });

  it('SARIF output validates against the official SARIF 2.1.0 schema', async () => {
    const path = file('sarif.yaml', deployment('web'));
    const r = await runCli(['scan', path, '--format', 'sarif', '--policy', 'all']);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region?: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    const schema = JSON.parse(readFileSync(corpusPath('schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    // The official SARIF 2.1.0 schema is JSON Schema draft 04.
    const ajv = new Ajv04.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
    const result = sarif.runs[0]!.results.find((x) => x.ruleId === 'readonly-root-filesystem')!;
    assert.equal(result.locations[0]!.physicalLocation.region?.startLine, 13);
    assert.ok(result.partialFingerprints['stockade/v1']);
    assert.ok(sarif.runs[0]!.tool.driver.rules.some((rule) => rule.id === 'readonly-root-filesystem'));
  });

  it('JUnit output has one test case per resource and check, failures for findings', async () => {
    const path = file('junit.yaml', deployment('web') + '---\n' + deployment('api').replace(/image: app:1.0/, 'image: app:1.0\n        securityContext: {readOnlyRootFilesystem: true}'));
    const r = await runCli(['scan', path, ...ONLY, '--format', 'junit']);
    assert.match(r.stdout, /^<\?xml/);
    assert.equal((r.stdout.match(/<testcase /g) ?? []).length, 2);
    assert.equal((r.stdout.match(/<failure /g) ?? []).length, 1);
    assert.match(r.stdout, /<testsuite name="Deployment shop\/web" tests="1" failures="1">/);
  });

  it('markdown and table output summarise the findings', async () => {
    const path = file('md.yaml', deployment('web'));
    const md = await runCli(['scan', path, ...ONLY, '--format', 'markdown']);
    assert.match(md.stdout, /## Stockade scan/);
    assert.match(md.stdout, /\| 🟨 medium \| `readonly-root-filesystem` \| Deployment shop\/web \|/);
    const table = await runCli(['scan', path, ...ONLY]);
    assert.match(table.stdout, /Deployment shop\/web/);
    assert.match(table.stdout, /MEDIUM\s+readonly-root-filesystem \(line 13\)/);
    assert.match(table.stdout, /1 finding \(1 medium\) in 1 resource/);
    assert.doesNotMatch(table.stdout, /\x1b\[/, 'no colour when not a terminal');
  });

  it('--output writes the report to a file', async () => {
    const path = file('out.yaml', deployment('web'));
    const out = join(dir, 'report.json');
    const r = await runCli(['scan', path, ...ONLY, '--format', 'json', '--output', out]);
    assert.equal(r.stdout, '');
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as Report).findings.length, 1);
  });

  it('--workers: the JSON report of several threads is the one-thread report, to stdout and to a file', async () => {
    const inputs = [corpusPath('badpods'), corpusPath('kubernetes-goat')];
    const one = await runCli(['scan', ...inputs, '--format', 'json', '--workers', '1']);
    const two = await runCli(['scan', ...inputs, '--format', 'json', '--workers', '2']);
    assert.equal(one.code, 1);
    assert.equal(two.code, one.code);
    assert.equal(two.stdout, one.stdout);
    assert.ok((JSON.parse(one.stdout) as Report).findings.length > 100);
    const out = join(dir, 'parallel.json');
    await runCli(['scan', ...inputs, '--format', 'json', '--workers', '3', '--output', out]);
    assert.equal(readFileSync(out, 'utf8'), one.stdout);
    for (const bad of ['0', 'two', '1.5']) {
      const r = await runCli(['scan', ...inputs, '--workers', bad]);
      assert.equal(r.code, 2, `--workers ${bad}`);
      assert.match(r.stderr, /^stockade: --workers: expected a whole number from 1 to 64, got "[^"]+"\n$/);
    }
  });
});

describe('stockade checks', () => {
  it('lists the catalogue as JSON metadata', async () => {
    const r = await runCli(['checks', '--format', 'json']);
    assert.equal(r.code, 0);
    const checks = JSON.parse(r.stdout) as { id: string; code: string; severity: string; category: string; frameworks: object; check?: unknown }[];
    const rrf = checks.find((c) => c.id === 'readonly-root-filesystem')!;
    assert.equal(rrf.code, 'SKD-201');
    assert.equal(rrf.check, undefined);
  });

  it('explains a check', async () => {
    const r = await runCli(['checks', 'explain', 'readonly-root-filesystem']);
    assert.match(r.stdout, /## Why it matters/);
    assert.match(r.stdout, /## How to fix it/);
    const unknown = await runCli(['checks', 'explain', 'nope']);
    assert.equal(unknown.code, 2);
  });

  it('every command has --help, and --version prints the version', async () => {
    const version = await runCli(['--version']);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const top = await runCli(['--help']);
    assert.equal(top.code, 0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z-]+)(?: \[options\]| <| \[|$)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    assert.ok(commands.includes('scan') && commands.includes('checks'));
    for (const command of commands) {
      const help = await runCli([command, '--help']);
      assert.equal(help.code, 0, `${command} --help`);
      assert.match(help.stdout, /Usage: stockade/);
    }
  });
});
