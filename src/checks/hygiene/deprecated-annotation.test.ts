import { testCheck } from '../check-tester.js';
import check from './deprecated-annotation.js';

testCheck(check, {
  valid: [
    {
      name: 'fields instead of annotations',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: a, image: a}]}',
    },
  ],
  invalid: [
    {
      name: 'seccomp annotation on a pod template',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {metadata: {annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default}}, spec: {containers: [{name: a, image: a}]}}}',
      errors: [{ messageId: 'deprecated', path: 'spec.template.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]' }],
    },
    {
      name: 'per-container AppArmor annotation',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, annotations: {container.apparmor.security.beta.kubernetes.io/a: runtime/default}}\nspec: {containers: [{name: a, image: a}]}',
      errors: [{ messageId: 'deprecated', path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/a"]' }],
    },
    {
      name: 'ingress class annotation',
      yaml: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, annotations: {kubernetes.io/ingress.class: nginx}}\nspec: {}',
      errors: [{ messageId: 'deprecated' }],
    },
  ],
});
