import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configExceptionMatches, isExpired, parseIgnoreAnnotation, ruleMatches } from './exceptions.js';

describe('exceptions', () => {
  it('parses the ignore annotation: per check, per container, with expiry; a reason is required', () => {
    const { rules, problems } = parseIgnoreAnnotation(
      'privileged-container[vpn]: needs NET_ADMIN for the tunnel (expires 2027-01-31)\nhost-path-volume: reads node logs\n# comment\nreadonly-root-filesystem:\nnot a rule',
    );
    assert.deepEqual(rules, [
      { check: 'privileged-container', container: 'vpn', reason: 'needs NET_ADMIN for the tunnel', expires: '2027-01-31', by: 'annotation' },
      { check: 'host-path-volume', reason: 'reads node logs', by: 'annotation' },
    ]);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!.message, /"readonly-root-filesystem" has no reason/);
    assert.match(problems[1]!.message, /cannot read "not a rule"/);
  });

  it('matches a container-scoped rule only for that container', () => {
    const [rule] = parseIgnoreAnnotation('privileged-container[vpn]: tunnel').rules;
    assert.ok(ruleMatches(rule!, 'privileged-container', 'vpn'));
    assert.ok(!ruleMatches(rule!, 'privileged-container', 'app'));
    assert.ok(!ruleMatches(rule!, 'privileged-container', undefined));
    assert.ok(!ruleMatches(rule!, 'host-ports', 'vpn'));
  });

  it('matches config exceptions with wildcards', () => {
    const finding = { check: 'host-ports', container: 'app', resource: { kind: 'Deployment', namespace: 'team-a', name: 'web-1' } };
    assert.ok(configExceptionMatches({ check: 'host-ports', reason: 'r', resource: { namespace: 'team-*', name: 'web-*' } }, finding));
    assert.ok(!configExceptionMatches({ check: 'host-ports', reason: 'r', resource: { kind: 'StatefulSet' } }, finding));
    assert.ok(!configExceptionMatches({ check: 'host-ports', reason: 'r', container: 'sidecar' }, finding));
    assert.ok(configExceptionMatches({ check: '*', reason: 'r', resource: { name: 'web-1' } }, finding));
  });

  it('an exception is valid through its expiry day (UTC) and expired after it', () => {
    assert.ok(!isExpired('2026-01-15', new Date('2026-01-15T23:00:00Z')));
    assert.ok(isExpired('2026-01-15', new Date('2026-01-16T00:00:01Z')));
    assert.ok(!isExpired(undefined, new Date()));
  });
});
