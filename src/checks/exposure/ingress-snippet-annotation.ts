import { defineCheck, type Violation } from '../../core/check.js';
import { annotationsOf, describeObject } from '../../core/k8s/object.js';
import { isIngress } from './services.js';

/** Annotations whose value is pasted into the controller's nginx configuration. */
const SNIPPET = /^(?:nginx\.ingress\.kubernetes\.io\/(?:configuration|server|auth|stream|modsecurity)-snippet|nginx\.org\/(?:location|server|http)-snippets)$/;

export default defineCheck({
  id: 'ingress-snippet-annotation',
  code: 'SKD-413',
  title: 'Ingress injects raw NGINX configuration (CVE-2021-25742)',
  description: 'Ingress objects should not use snippet annotations, which paste arbitrary configuration into the shared NGINX controller.',
  severity: 'high',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: network policies'], mitre: ['T1552.007', 'T1190'] },
  docs: {
    rationale:
      'Snippet annotations copy their text verbatim into the ingress controller\'s nginx.conf. Anyone who can create an Ingress can then read files of the controller pod, including its service account token, which can read every Secret in the cluster (CVE-2021-25742, CVE-2023-5043), or reroute other tenants\' traffic. ingress-nginx disables snippets by default since v1.9.',
    remediation: 'Replace the snippet with the dedicated annotation or a ConfigMap setting of the controller, and keep `allow-snippet-annotations: false`.',
    references: ['https://github.com/kubernetes/ingress-nginx/issues/7837', 'https://github.com/kubernetes/ingress-nginx/issues/10572'],
    example: { bad: 'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers "X-Debug: 1";\n' },
  },
  messages: {
    snippet: '{{ingress}} sets the annotation {{annotation}}, which pastes raw configuration into the shared NGINX controller (CVE-2021-25742); replace it with a dedicated annotation or controller setting.',
  },
  scope: 'object',
  kinds: ['Ingress'],
  check(object) {
    if (!isIngress(object)) return [];
    const ingress = describeObject(object);
    const out: Violation<'snippet'>[] = [];
    for (const key of Object.keys(annotationsOf(object))) {
      if (SNIPPET.test(key)) out.push({ messageId: 'snippet', data: { ingress, annotation: key }, path: ['metadata', 'annotations', key], discriminator: key });
    }
    return out;
  },
});
