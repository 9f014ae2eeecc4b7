import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonErrorOffset, otherNames, parseOsvJson } from './osv.js';

test('jsonErrorOffset agrees with JSON.parse on validity and points at the offending character', () => {
  const valid = ['{}', '[]', '{"a": [1, -2.5e3, "x\\"y", true, false, null]}', ' "s" ', '0'];
  for (const text of valid) assert.equal(jsonErrorOffset(text), text.length, text);
  const invalid: Array<[string, number]> = [
    ['{"a": [ oops ]}', 8],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['{"a": 1,}', 8],
    ['{} x', 3],
    ['"unterminated', 13],
  ];
  for (const [text, offset] of invalid) {
    assert.throws(() => JSON.parse(text));
    assert.equal(jsonErrorOffset(text), offset, text);
  }
});

test('parses aliases and upstream alike, keeps per-package severity and urgency', () => {
  const record = parseOsvJson(
    JSON.stringify({
      id: 'DEBIAN-CVE-2024-1',
      modified: '2024-01-01T00:00:00Z',
      aliases: ['CVE-2024-1'],
      upstream: ['CVE-2024-1', 'GHSA-x'],
      affected: [{ package: { ecosystem: 'Debian:12', name: 'curl' }, ecosystem_specific: { urgency: 'low' }, severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }] }],
    }),
    'r.json',
  );
  assert.deepEqual(otherNames(record), ['CVE-2024-1', 'GHSA-x']);
  assert.deepEqual(record.affected[0].ecosystemSpecific, { urgency: 'low' });
  assert.equal(record.affected[0].severity.length, 1);
  assert.deepEqual(record.affected[0].ranges, []);
});

test('schema errors name the file and the field', () => {
  assert.throws(() => parseOsvJson('{"id": "X", "affected": [{"package": {"name": "a"}}]}', 'r.json'), /r\.json: affected\[0\]\.package needs string "ecosystem" and "name"/);
  assert.throws(() => parseOsvJson('{"id": "X", "affected": [{"package": {"name": "a", "ecosystem": "npm"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]}', 'r.json'), /events\[0\] must have exactly one of/);
});
