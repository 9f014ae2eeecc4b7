import { defineCheck } from '../../core/check.js';
import { annotationsOf, describeObject, groupOf } from '../../core/k8s/object.js';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';

export default defineCheck({
  id: 'legacy-service-account-token',
  code: 'SKD-618',
  title: 'Long-lived service account token Secret',
  description: 'Service account tokens should come from the TokenRequest API (projected, expiring), not from `kubernetes.io/service-account-token` Secrets.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: { nsa: ['Pod security: protecting Pod service account tokens'], cis: ['5.1.6'], mitre: ['T1528', 'T1552.007'] },
  docs: {
    rationale:
      'A Secret of type `kubernetes.io/service-account-token` makes the control plane mint a token that never expires and stays valid until the Secret is deleted; it is readable by anyone who can read Secrets in the namespace and is routinely copied into CI systems and kubeconfigs. Since v1.24 pods get short-lived projected tokens instead, and v1.29+ clean up unused legacy tokens.',
    remediation: 'Delete the Secret; give pods projected tokens (the default) and external systems tokens from `kubectl create token` or the TokenRequest API with a short expiry.',
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/#get-a-token', 'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#legacy-serviceaccount-token-cleaner'],
  },
  messages: {
    legacy: '{{secret}} requests a non-expiring token for service account "{{serviceAccount}}"; delete it and use short-lived tokens from the TokenRequest API (kubectl create token).',
  },
  scope: 'object',
  kinds: ['Secret'],
  check(object) {
    if (groupOf(object.apiVersion) !== '' || object.type !== TOKEN_TYPE) return [];
    const serviceAccount = annotationsOf(object)['kubernetes.io/service-account.name'] ?? '?';
    return [{ messageId: 'legacy', data: { secret: describeObject(object), serviceAccount }, path: ['type'] }];
  },
});
