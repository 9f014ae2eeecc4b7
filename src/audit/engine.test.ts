import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Detector } from './engine.js';
import type { AuditEvent } from './event.js';
import { RuleLoader } from './rules.js';

const rules = `
- list: stages
  items: [ResponseComplete]
- macro: kevt
  condition: jevt.value[/stage] in (stages)
- macro: writes
  condition: ka.verb in (create, update, patch)
- rule: Pod Writes
  desc: d
  condition: kevt and writes and ka.target.resource=pods
  output: o
  priority: INFO
  source: k8s_audit
- rule: Either
  desc: d
  condition: (ka.target.resource=secrets and ka.verb=get) or (ka.target.resource=configmaps and ka.verb=list)
  output: o
  priority: INFO
  source: k8s_audit
- rule: Negated
  desc: d
  condition: not ka.target.resource=pods and kevt
  output: o
  priority: INFO
  source: k8s_audit
- rule: Partial Or
  desc: d
  condition: ka.verb=delete or ka.user.name=root
  output: o
  priority: INFO
  source: k8s_audit
- rule: People Exec
  desc: d
  condition: not ka.user.name startswith "system:" and ka.target.subresource in (exec, attach)
  output: o
  priority: INFO
  source: k8s_audit
- rule: Impersonating
  desc: d
  condition: jevt.value[/impersonatedUser/groups] contains "system:masters" or ka.impuser.name=admin
  output: o
  priority: INFO
  source: k8s_audit
- rule: Plain Pods By Listed
  desc: d
  condition: not ka.target.subresource exists and ka.user.name in (system:anonymous, root) and ka.target.resource=pods
  output: o
  priority: INFO
  source: k8s_audit
- rule: Anonymous
  desc: d
  condition: ka.user.name=system:anonymous
  output: o
  priority: INFO
  source: k8s_audit
- rule: Not System Prefix Longer
  desc: d
  condition: not ka.user.name startswith "system:node:"
  output: o
  priority: INFO
  source: k8s_audit
`;

test('the stage/verb/resource index never changes which rules fire', () => {
  const loader = new RuleLoader().loadText(rules, 'r.yaml');
  const ruleSet = loader.compile();
  const byName = Object.fromEntries(ruleSet.rules.map((r) => [r.name, r.constraints]));
  assert.deepEqual(byName['Pod Writes'], { stage: new Set(['ResponseComplete']), verb: new Set(['create', 'update', 'patch']), resource: new Set(['pods']) });
  assert.deepEqual(byName.Either, { resource: new Set(['secrets', 'configmaps']), verb: new Set(['get', 'list']) });
  assert.deepEqual(byName.Negated, { stage: new Set(['ResponseComplete']) });
  assert.deepEqual(byName['Partial Or'], {});
  assert.deepEqual(byName.Anonymous, { systemUser: new Set(['t']), anonymous: new Set(['t']) });
  assert.deepEqual(byName['People Exec'], { systemUser: new Set(['f']), subresource: new Set(['exec', 'attach']) });
  assert.deepEqual(byName.Impersonating, { impersonated: new Set(['t']) });
  assert.deepEqual(byName['Plain Pods By Listed'], { subresource: new Set(['']), systemUser: new Set(['t', 'f']), anonymous: new Set(['t', 'f']), resource: new Set(['pods']) });
  assert.deepEqual(byName['Not System Prefix Longer'], {});
  const detector = new Detector(ruleSet);
  const values = { stage: ['ResponseComplete', 'ResponseStarted', undefined], verb: ['get', 'list', 'create', 'delete', undefined], resource: ['pods', 'secrets', 'configmaps', undefined] };
  for (const stage of values.stage)
    for (const verb of values.verb)
      for (const resource of values.resource)
        for (const user of ['root', 'alice', 'system:anonymous', 'system:node:n1', undefined])
          for (const subresource of [undefined, 'exec', 'log'])
            for (const impersonatedUser of [undefined, { username: 'admin' }, { username: 'x', groups: ['system:masters'] }]) {
              const objectRef = resource ? { resource, subresource } : undefined;
              const ev = { kind: 'Event', stage, verb, user: user === undefined ? undefined : { username: user }, impersonatedUser, objectRef } as AuditEvent;
              const indexed = detector.process(ev).map((a) => a.rule);
              const brute = ruleSet.rules.filter((r) => r.match(ev)).map((r) => r.name);
              assert.deepEqual(indexed, brute, JSON.stringify(ev));
            }
});
