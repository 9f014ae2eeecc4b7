import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameMatches, parseAdmissionSettings, ruleFor } from './settings.js';

const ids = new Set(['privilege-escalation', 'cluster-admin-binding']);

describe('admission settings', () => {
  it('defaults: enforce everywhere but kube-system, no mutation but the sandbox class', () => {
    const { settings, problems } = parseAdmissionSettings(undefined, ids);
    assert.deepEqual(problems, []);
    assert.equal(settings.defaultMode, 'enforce');
    assert.deepEqual(settings.exemptNamespaces, ['kube-system']);
    assert.equal(settings.securityDefaults, false);
    assert.equal(settings.alwaysPullImages, false);
  });

  it('reports every problem with its key', () => {
    const { problems } = parseAdmissionSettings(
      {
        defaultMode: 'block',
        failOn: 'severe',
        exemptNamespaces: 'kube-system',
        securityDefaults: { checks: ['no-such-check'] },
        images: { allowedRegistries: [1], pinned: true },
        namespaces: [{ mode: 'warn' }, { names: ['a'], selector: { matchExpressions: [{ key: 'k', operator: 'Maybe' }] } }, 'x'],
        inject: { containers: [{ name: 'proxy' }] },
        sandbox: { mutate: 'yes' },
        colour: 'blue',
      },
      ids,
    );
    const expected = [
      'admission.colour: unknown key',
      'admission.failOn: expected one of',
      'admission.defaultMode: expected one of enforce, warn, audit',
      'admission.exemptNamespaces: expected a list',
      'admission.securityDefaults.checks: unknown check "no-such-check"',
      'admission.images.pinned: unknown key',
      'admission.images.allowedRegistries: expected a list',
      'admission.sandbox: expected {mutate: true|false}',
      'admission.inject.containers[0]: a container needs a name and an image',
      'admission.namespaces[0]: needs names or a selector',
      'admission.namespaces[1].selector: unknown selector operator "Maybe"',
      'admission.namespaces[2]: expected a mapping',
    ];
    for (const text of expected) assert.ok(problems.some((p) => p.startsWith(text)), `${text}\n${problems.join('\n')}`);
    assert.equal(problems.length, expected.length, problems.join('\n'));
  });

  it('first matching rule wins; selectors need labels', () => {
    const { settings } = parseAdmissionSettings(
      { namespaces: [{ names: ['team-*'], selector: { matchLabels: { tier: 'prod' } }, mode: 'enforce' }, { names: ['team-*'], mode: 'warn' }] },
      ids,
    );
    assert.equal(ruleFor(settings, 'team-a', { tier: 'prod' })?.mode, 'enforce');
    assert.equal(ruleFor(settings, 'team-a', undefined)?.mode, 'warn');
    assert.equal(ruleFor(settings, 'other', { tier: 'prod' }), undefined);
  });

  it('matches * wildcards anywhere', () => {
    assert.ok(nameMatches('team-*', 'team-a'));
    assert.ok(nameMatches('*-prod', 'shop-prod'));
    assert.ok(nameMatches('a*b*c', 'aXXbYYc'));
    assert.ok(!nameMatches('a*b*c', 'acb'));
    assert.ok(!nameMatches('team-*', 'steam-a'));
    assert.ok(nameMatches('*', ''));
  });
});
