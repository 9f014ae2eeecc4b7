import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { annotationSets } from './annotation-sets.js';

/** Annotations Kubernetes replaced by fields; matched on the key (prefix for per-container keys). */
const DEPRECATED: { key: string; prefix?: boolean; since: string; use: string }[] = [
  { key: 'seccomp.security.alpha.kubernetes.io/pod', since: 'deprecated in v1.19', use: 'securityContext.seccompProfile' },
  { key: 'container.seccomp.security.alpha.kubernetes.io/', prefix: true, since: 'deprecated in v1.19', use: 'the container\'s securityContext.seccompProfile' },
  { key: 'container.apparmor.security.beta.kubernetes.io/', prefix: true, since: 'deprecated in v1.30', use: 'securityContext.appArmorProfile' },
  { key: 'kubernetes.io/ingress.class', since: 'deprecated in v1.18', use: 'spec.ingressClassName' },
  { key: 'scheduler.alpha.kubernetes.io/critical-pod', since: 'ignored since v1.16', use: 'priorityClassName: system-cluster-critical (or system-node-critical)' },
  { key: 'service.alpha.kubernetes.io/tolerate-unready-endpoints', since: 'deprecated in v1.11', use: 'spec.publishNotReadyAddresses' },
];

export default defineCheck({
  id: 'deprecated-annotation',
  code: 'SKD-615',
  title: 'Annotation replaced by an API field',
  description: 'Objects should use the API fields that replaced deprecated annotations (seccomp, AppArmor, ingress class, critical pods).',
  severity: 'low',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'Kubernetes moved these settings from annotations to fields; newer releases stop honouring the annotations, so a security setting written as one (a seccomp or AppArmor profile) can silently stop applying after an upgrade while the manifest still looks hardened.',
    remediation: 'Write the setting in the field named by the message and remove the annotation.',
    references: ['https://kubernetes.io/docs/reference/labels-annotations-taints/'],
  },
  messages: {
    deprecated: '{{object}} sets the annotation "{{annotation}}" ({{since}}); use {{use}} instead.',
  },
  scope: 'inventory',
  check(inventory) {
    const out: Violation<'deprecated'>[] = [];
    for (const entry of inventory.entries) {
      for (const { annotations, base } of annotationSets(inventory, entry)) {
        for (const annotation of Object.keys(annotations)) {
          const hit = DEPRECATED.find((d) => (d.prefix ? annotation.startsWith(d.key) : annotation === d.key));
          if (hit) out.push({ messageId: 'deprecated', data: { object: describeObject(entry.object), annotation, since: hit.since, use: hit.use }, path: [...base, annotation], entry });
        }
      }
    }
    return out;
  },
});
