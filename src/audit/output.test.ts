import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldCache } from './compile.js';
import type { AuditEvent } from './event.js';
import { compileOutput } from './output.js';

const ev = { kind: 'Event', verb: 'get', user: { username: 'alice', groups: ['a', 'b'] }, objectRef: { resource: 'pods', name: 'web' }, stage: 'x' } as AuditEvent;

test('fields are substituted; lists in parentheses; missing values as <NA>; a sentence may end after a field', () => {
  const out = compileOutput('%ka.user.name (groups %ka.user.groups) did %ka.verb on %ka.target.resource/%ka.target.name. ns=%ka.target.namespace 100% sure %jevt.value[/objectRef/name]', new FieldCache());
  assert.equal(out(ev), 'alice (groups (a,b)) did get on pods/web. ns=<NA> 100% sure web');
});

test('an unknown field in a template is an error', () => {
  assert.throws(() => compileOutput('user=%ka.usr.name', new FieldCache()), /unknown field ka\.usr\.name/);
});
