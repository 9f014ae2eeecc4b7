import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../core/finding.js';
import { ELEMENT_SEPARATOR, FindingEncoder } from './finding-encoder.js';

const resource = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

function finding(i: number, overrides: Partial<Finding> = {}): Finding {
  return {
    check: `check-${i % 3}`,
    code: `SKD-10${i % 3}`,
    severity: 'high',
    category: 'pod-security',
    title: 'Title',
    message: `Container "app-${i}" sets securityContext.privileged=true. é \u2028`,
    resource,
    location: { file: 'deploy/web.yaml', line: i + 1, path: `spec.containers[${i}]` },
    frameworks: { cis: ['5.2.1'] },
    remediation: 'Remove it.',
    fingerprint: '0123456789abcdef0123456789abcdef',
    ...overrides,
  };
}

/** The JSON text of finding `i` alone, without the report's separator. */
function jsonOf(encoder: FindingEncoder, i: number): Buffer {
  const element = encoder.elementOf(i);
  assert.equal(element.subarray(0, ELEMENT_SEPARATOR.length).toString(), ELEMENT_SEPARATOR);
  return element.subarray(ELEMENT_SEPARATOR.length);
}

function decoded(encoder: FindingEncoder, i: number): string {
  return jsonOf(encoder, i).toString('utf8');
}

describe('finding encoder', () => {
  it('encodes each finding as exactly the text JSON.stringify gives, across many chunks', () => {
    const encoder = new FindingEncoder();
    const findings = Array.from({ length: 30_000 }, (_, i) => finding(i, i % 7 === 0 ? { fix: [{ op: 'add', path: '/x', value: { a: [i] } }], fixSafety: 'safe', container: 'app' } : {}));
    for (const f of findings) encoder.encode(f);
    assert.equal(encoder.length, findings.length);
    assert.ok(encoder.chunks.length > 3, 'the findings span several chunks');
    findings.forEach((f, i) => assert.equal(decoded(encoder, i), JSON.stringify(f)));
  });

  it('moves a finding larger than its chunk to a chunk that holds it, keeping the ones before', () => {
    const encoder = new FindingEncoder();
    const huge = finding(1, { message: 'x'.repeat(300_000), detail: { text: 'ü'.repeat(200_000) } });
    const findings = [finding(0), huge, finding(2), finding(3, { message: '"quoted"\\' })];
    for (const f of findings) encoder.encode(f);
    findings.forEach((f, i) => assert.equal(decoded(encoder, i), JSON.stringify(f)));
    assert.equal(jsonOf(encoder, 1).length, Buffer.byteLength(JSON.stringify(huge)));
    assert.equal(encoder.elementOf(1).toString(), ELEMENT_SEPARATOR + JSON.stringify(huge));
    assert.equal(jsonOf(encoder, 3).toString(), JSON.stringify(findings[3]));
  });

  it('writes unusual locations and extra fields as JSON.stringify does', () => {
    const encoder = new FindingEncoder();
    const findings = [
      finding(0, { location: {} }),
      finding(1, { location: { line: 4, file: 'swapped.yaml' } }),
      finding(2, { location: { file: 't.yaml', line: 2, rendered: { file: 'out.yaml', line: 9 }, path: 'spec' } }),
      finding(3, { suppressed: { by: 'config', reason: 'r', owner: 'o' }, extra: undefined }),
    ];
    for (const f of findings) encoder.encode(f);
    findings.forEach((f, i) => assert.equal(decoded(encoder, i), JSON.stringify(f)));
  });

  it('writes any text as JSON.stringify does: escapes, control characters, non-ASCII, lone surrogates', () => {
    // Characters that take each path of the encoder: plain ASCII, quote and backslash (escaped
    // in place), control characters and DEL, Latin-1, BMP, astral pairs and lone surrogates.
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', 'ÿ', '\u2028', '€', '😀', '\ud800', '\udfff'];
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const text = () => Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]).join('');
    const encoder = new FindingEncoder();
    const findings = Array.from({ length: 2_000 }, (_, i) =>
      finding(i, { message: text(), fingerprint: text(), container: text(), location: { file: text(), line: random(100_000), path: text() }, detail: { note: text() } }),
    );
    for (const f of findings) encoder.encode(f);
    findings.forEach((f, i) => assert.equal(decoded(encoder, i), JSON.stringify(f)));
  });
});
