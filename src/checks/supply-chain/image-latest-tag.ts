import { defineCheck } from '../../core/check.js';
import { containerImages } from './container-images.js';

export default defineCheck({
  id: 'image-latest-tag',
  code: 'SKD-301',
  title: 'Image without a tag or tagged latest',
  description: 'Container images should name a specific version, not an implicit or explicit `latest`.',
  severity: 'medium',
  category: 'supply-chain',
  frameworks: { nsa: ['Pod security: building secure container images'], cis: ['5.5.1'], mitre: ['T1525', 'T1204.003'] },
  docs: {
    rationale:
      'An image without a tag resolves to `latest`, which the publisher moves with every push. Each node may then run a different build, a rollback cannot return to a known build, and a compromised or broken push reaches the cluster on the next pull without review.',
    remediation: 'Name a released version (`redis:7.2.4`), or better pin the digest (`redis@sha256:…`), and update it deliberately.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
    example: { bad: 'image: nginx\n', good: 'image: nginx:1.27.3\n' },
  },
  messages: {
    noTag: '{{object}}: container "{{container}}" uses image "{{image}}" without a tag, so it runs whatever `latest` is at pull time; name a released version or pin a digest.',
    latest: '{{object}}: container "{{container}}" uses image "{{image}}" tagged `latest`, which moves with every push; name a released version or pin a digest.',
  },
  scope: 'workload',
  check(workload) {
    return containerImages(workload)
      .filter((c) => c.image !== undefined && c.image.digest === undefined && (c.image.tag === undefined || c.image.tag === 'latest'))
      .map((c) => ({
        messageId: c.image!.tag === undefined ? ('noTag' as const) : ('latest' as const),
        data: { object: c.object, container: c.ref.name, image: c.text },
        path: c.path,
        container: c.ref.name,
      }));
  },
});
