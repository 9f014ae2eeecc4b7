import { defineCheck } from '../../core/check.js';
import { flagViolation, listFlag, onComponents } from './component-flags.js';

/** Plugins on by default that the benchmark requires to stay on: disabling one is the finding. */
const REQUIRED_DEFAULTS = ['ServiceAccount', 'NamespaceLifecycle', 'PodSecurity'];

export default defineCheck({
  id: 'apiserver-admission-plugins',
  code: 'SKD-904',
  title: 'API server admission plugins weaken isolation',
  description: 'kube-apiserver should enable NodeRestriction, keep ServiceAccount, NamespaceLifecycle and PodSecurity, and never enable AlwaysAdmit.',
  severity: 'high',
  category: 'control-plane',
  frameworks: { cis: ['1.2.10', '1.2.12', '1.2.13', '1.2.14'], nsa: ['Authentication and authorization'], mitre: ['T1078', 'T1611'] },
  docs: {
    rationale:
      'NodeRestriction limits each kubelet to its own Node object and the pods bound to it: without it one compromised node can relabel other nodes to attract workloads. PodSecurity enforces the Pod Security Standards on namespaces that ask for them; ServiceAccount and NamespaceLifecycle keep tokens and namespace deletion consistent. AlwaysAdmit admits everything and is deprecated.',
    remediation: 'Add `NodeRestriction` to `--enable-admission-plugins`, remove `AlwaysAdmit` from it, and remove PodSecurity, ServiceAccount and NamespaceLifecycle from `--disable-admission-plugins`.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/'],
    example: {
      bad: 'command:\n- kube-apiserver\n- --enable-admission-plugins=AlwaysAdmit\n',
      good: 'command:\n- kube-apiserver\n- --enable-admission-plugins=NodeRestriction\n',
    },
  },
  messages: {
    alwaysAdmit: '{{component}} enables the AlwaysAdmit admission plugin ({{flag}}).',
    noNodeRestriction: '{{component}} does not enable the NodeRestriction admission plugin ({{flag}}): kubelets can modify other nodes and their pods.',
    disabled: '{{component}} disables the {{plugin}} admission plugin ({{flag}}).',
  },
  ...onComponents(['kube-apiserver'], (c) => {
    // `--admission-control` is the pre-1.10 spelling of the enable list; still read where it lingers.
    const enableFlag = c.flags.has('enable-admission-plugins') || !c.flags.has('admission-control') ? 'enable-admission-plugins' : 'admission-control';
    const enabled = listFlag(c.flags, enableFlag);
    const disabled = listFlag(c.flags, 'disable-admission-plugins');
    const out = [];
    if (enabled.includes('AlwaysAdmit')) out.push(flagViolation(c, enableFlag, 'alwaysAdmit' as const));
    if (!enabled.includes('NodeRestriction')) out.push(flagViolation(c, enableFlag, 'noNodeRestriction' as const));
    for (const plugin of REQUIRED_DEFAULTS) {
      if (disabled.includes(plugin)) out.push({ ...flagViolation(c, 'disable-admission-plugins', 'disabled' as const, { plugin }), discriminator: `disable:${plugin}` });
    }
    return out;
  }),
});
