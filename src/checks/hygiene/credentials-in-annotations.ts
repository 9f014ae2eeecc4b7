import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { annotationSets } from './annotation-sets.js';
import { findCredentials } from './credentials.js';

export default defineCheck({
  id: 'credentials-in-annotations',
  code: 'SKD-606',
  title: 'Credential in an annotation',
  description: 'Annotations (of any object, and of pod templates) must not carry credentials.',
  severity: 'high',
  category: 'hygiene',
  frameworks: { nsa: ['Network separation and hardening: secrets'], mitre: ['T1552.001'] },
  docs: {
    rationale:
      'Annotations are readable by anyone who can read the object, copied into every rendered manifest and shown by dashboards and `kubectl describe`. `kubectl.kubernetes.io/last-applied-configuration` in particular holds a full copy of what was applied, a Secret\'s values included. Credentials are recognised by format and shown only masked.',
    remediation: 'Remove the credential from the annotation, keep it in a Secret, and rotate it. Apply Secrets with server-side apply, which does not write last-applied-configuration.',
  },
  messages: {
    credential: '{{object}} annotation "{{annotation}}" contains {{what}} ({{masked}}); remove it, keep the credential in a Secret and rotate it.',
  },
  scope: 'inventory',
  check(inventory) {
    const out: Violation<'credential'>[] = [];
    for (const entry of inventory.entries) {
      for (const { annotations, base } of annotationSets(inventory, entry)) {
        for (const [annotation, value] of Object.entries(annotations)) {
          if (typeof value !== 'string') continue;
          for (const match of findCredentials(value)) {
            out.push({
              messageId: 'credential',
              data: { object: describeObject(entry.object), annotation, what: match.kind.label, masked: match.masked },
              path: [...base, annotation],
              entry,
              discriminator: match.kind.id,
            });
          }
        }
      }
    }
    return out;
  },
});
