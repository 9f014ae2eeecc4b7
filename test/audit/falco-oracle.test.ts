// Falco's own k8s-audit regression suite (66 tests): load exactly the listed rule files in order,
// feed the trace file, and expect exactly the listed alert counts, and no alert at all where
// the suite says detect: False.
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '../corpus.js';
import { Detector } from '../../src/audit/engine.js';
import { readAuditStream, type ReadProblem } from '../../src/audit/reader.js';
import { loadRuleFiles } from '../../src/audit/rules.js';

interface Row {
  test: string;
  trace: string;
  rules: string[];
  detect: boolean;
  counts: Map<string, number>;
  other: string;
}

function rows(): Row[] {
  const text = readFileSync(corpusPath('falco-k8saudit', 'EXPECTED.tsv'), 'utf8');
  const [, ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const [name, trace, rules, detect, , counts, other] = line.split('\t');
    const map = new Map<string, number>();
    for (const part of (counts ?? '').split(/;\s*/).filter(Boolean)) {
      const eq = part.lastIndexOf('=');
      map.set(part.slice(0, eq).trim(), Number(part.slice(eq + 1)));
    }
    return { test: name, trace, rules: rules.split(' + ').map((r) => r.trim()), detect: detect === 'True', counts: map, other: other ?? '' };
  });
}

const all = rows();

test('the oracle has 66 rows', () => {
  assert.equal(all.length, 66);
});

for (const row of all) {
  test(`falco k8s_audit: ${row.test}`, async () => {
    const ruleSet = loadRuleFiles(row.rules.map((r) => corpusPath('falco-k8saudit', r)));
    const detector = new Detector(ruleSet);
    const fired = new Map<string, number>();
    const problems: ReadProblem[] = [];
    await readAuditStream(
      createReadStream(corpusPath('falco-k8saudit', row.trace)),
      row.trace,
      (ev) => {
        for (const a of detector.process(ev)) fired.set(a.rule, (fired.get(a.rule) ?? 0) + 1);
      },
      (p) => problems.push(p),
    );
    if (!row.detect) {
      assert.deepEqual([...fired], [], 'no rule may fire');
    } else {
      assert.ok(row.counts.size > 0);
      for (const [rule, count] of row.counts) assert.equal(fired.get(rule) ?? 0, count, `alerts of "${rule}"`);
    }
    const stderr = /^stderr_contains=(.*)$/.exec(row.other)?.[1];
    if (stderr) {
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, new RegExp(stderr));
      assert.equal(problems[0].line, 1);
    } else assert.deepEqual(problems, []);
  });
}
