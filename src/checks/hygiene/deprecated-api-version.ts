import { defineCheck } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { apiChangeOf, CHANGED_KINDS, targetMinor } from './api-versions.js';

export default defineCheck({
  id: 'deprecated-api-version',
  code: 'SKD-602',
  title: 'API version deprecated in the target Kubernetes version',
  description: 'Objects should move off API versions that the target Kubernetes version (`--kube-version`) deprecates, before they are removed.',
  severity: 'low',
  category: 'hygiene',
  frameworks: { nsa: ['Upgrading and application security practices'] },
  docs: {
    rationale:
      'A deprecated API version still works but is scheduled for removal; the API server answers with warnings, and the manifest will break at the upgrade that removes it. Migrating while both versions are served is cheap and safe.',
    remediation: 'Migrate to the replacement API version named in the message.',
    references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'],
  },
  messages: {
    deprecated: '{{object}} uses {{apiVersion}}, deprecated since Kubernetes v1.{{deprecatedIn}}{{removal}}; {{advice}}.',
  },
  scope: 'object',
  kinds: CHANGED_KINDS,
  check(object, ctx) {
    const change = apiChangeOf(object.apiVersion, object.kind);
    if (!change) return [];
    const target = targetMinor(ctx.options.kubeVersion);
    // Once removed, removed-api-version reports it.
    if (target < change.deprecatedIn || (change.removedIn !== undefined && target >= change.removedIn)) return [];
    const advice = change.replacement !== undefined ? `use ${change.replacement}${change.note ? ` (${change.note})` : ''}` : change.note;
    return [
      {
        messageId: 'deprecated',
        data: {
          object: describeObject(object),
          apiVersion: object.apiVersion,
          deprecatedIn: change.deprecatedIn,
          removal: change.removedIn !== undefined ? ` and removed in v1.${change.removedIn}` : '',
          advice,
        },
        path: ['apiVersion'],
      },
    ];
  },
});
