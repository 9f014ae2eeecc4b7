import { defineCheck } from '../../core/check.js';
import { flagViolation, listFlag, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-always-pull-images',
  code: 'SKD-905',
  title: 'AlwaysPullImages admission is off on a shared cluster',
  description: 'On a multi-tenant cluster kube-apiserver should enable the AlwaysPullImages admission plugin.',
  severity: 'low',
  category: 'control-plane',
  frameworks: { cis: ['1.2.11'], mitre: ['T1525'] },
  // Only multi-tenant clusters need it, and it makes every pod start depend on the registry: opt in.
  defaultEnabled: false,
  docs: {
    rationale:
      'A private image pulled to a node stays in its cache; any pod scheduled there later can run it by name with imagePullPolicy IfNotPresent, without the pull secret. AlwaysPullImages forces a pull, and so a credential check, for every pod. It matters where tenants must not use each other\'s private images.',
    remediation: 'Add `AlwaysPullImages` to `--enable-admission-plugins` on multi-tenant clusters (or use the KubeletEnsureSecretPulledImages feature on v1.33+).',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#alwayspullimages'],
    example: { bad: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction\n', good: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction,AlwaysPullImages\n' },
  },
  messages: {
    missing: '{{component}} does not enable AlwaysPullImages ({{flag}}): pods can run private images cached on their node without the pull secret.',
  },
  ...onComponents(['kube-apiserver'], (c) => (!listFlag(c.flags, 'enable-admission-plugins').includes('AlwaysPullImages') ? [flagViolation(c, 'enable-admission-plugins', 'missing' as const)] : [])),
});
