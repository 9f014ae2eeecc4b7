import { defineCheck } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { apiChangeOf, CHANGED_KINDS, targetMinor } from './api-versions.js';

export default defineCheck({
  id: 'removed-api-version',
  code: 'SKD-601',
  title: 'API version removed in the target Kubernetes version',
  description: 'Objects must use API versions the target Kubernetes version still serves (`--kube-version`).',
  severity: 'high',
  category: 'hygiene',
  frameworks: { nsa: ['Upgrading and application security practices'] },
  docs: {
    rationale:
      'The API server rejects objects of a removed API version: `kubectl apply` fails, Helm upgrades break mid-way, and a cluster upgrade can strand objects that can no longer be read or updated under their old version. Removed APIs such as PodSecurityPolicy also leave security controls that silently stopped existing.',
    remediation: 'Migrate the object to the replacement API version (adjusting the fields the message names) before upgrading; `kubectl convert` helps.',
    references: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'],
    example: { bad: 'apiVersion: batch/v1beta1\nkind: CronJob\n', good: 'apiVersion: batch/v1\nkind: CronJob\n' },
  },
  messages: {
    removed: '{{object}} uses {{apiVersion}}, which Kubernetes v1.{{removedIn}} removed (target {{target}}); use {{replacement}}.',
    removedNoReplacement: '{{object}} uses {{apiVersion}}, which Kubernetes v1.{{removedIn}} removed with no replacement (target {{target}}): {{note}}.',
  },
  scope: 'object',
  kinds: CHANGED_KINDS,
  check(object, ctx) {
    const change = apiChangeOf(object.apiVersion, object.kind);
    if (change?.removedIn === undefined || targetMinor(ctx.options.kubeVersion) < change.removedIn) return [];
    const data = {
      object: describeObject(object),
      apiVersion: object.apiVersion,
      removedIn: change.removedIn,
      target: ctx.options.kubeVersion,
      replacement: change.replacement === undefined ? '' : change.replacement + (change.note ? ` (${change.note})` : ''),
      note: change.note,
    };
    if (change.replacement === undefined) return [{ messageId: 'removedNoReplacement', data, path: ['apiVersion'] }];
    return [
      {
        messageId: 'removed',
        data,
        path: ['apiVersion'],
        // Only where the replacement reads the object unchanged is rewriting apiVersion a fix.
        ...(change.sameSchema ? { fix: [{ op: 'replace' as const, path: '/apiVersion', value: change.replacement }], fixSafety: 'safe' as const } : {}),
      },
    ];
  },
});
