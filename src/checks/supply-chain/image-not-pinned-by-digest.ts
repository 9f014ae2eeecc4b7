import { defineCheck } from '../../core/check.js';
import { containerImages } from './container-images.js';

export default defineCheck({
  id: 'image-not-pinned-by-digest',
  code: 'SKD-302',
  title: 'Image not pinned by digest',
  description: 'Container images should be referenced by content digest so that every node runs the exact reviewed build.',
  severity: 'low',
  category: 'supply-chain',
  frameworks: { nsa: ['Pod security: building secure container images'], cis: ['5.5.1'], mitre: ['T1525'] },
  docs: {
    rationale:
      'Tags, even version tags, are pointers the registry owner (or anyone holding push credentials) can move. A digest names the image content itself: what was scanned and signed is what runs. Opt-in because most teams pin by version tag and update digests through automation.',
    remediation: 'Reference the image as `name:tag@sha256:<digest>` and let a bot (Renovate, Dependabot) update the digest.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  },
  messages: {
    notPinned: '{{object}}: container "{{container}}" uses image "{{image}}" without a digest; pin it as `{{image}}@sha256:<digest>`.',
  },
  defaultEnabled: false,
  scope: 'workload',
  check(workload) {
    return containerImages(workload)
      .filter((c) => c.image !== undefined && c.image.digest === undefined)
      .map((c) => ({
        messageId: 'notPinned' as const,
        data: { object: c.object, container: c.ref.name, image: c.text },
        path: c.path,
        container: c.ref.name,
      }));
  },
});
