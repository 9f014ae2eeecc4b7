import { defineCheck } from '../../core/check.js';
import { containerImages } from './container-images.js';
import { isPinnedVersionTag } from './image-reference.js';

export default defineCheck({
  id: 'image-floating-tag',
  code: 'SKD-306',
  title: 'Image tag that moves',
  description: 'Image tags such as `alpine`, `stable` or `1.25` follow new releases and should be replaced by a full version or a digest.',
  severity: 'low',
  category: 'supply-chain',
  frameworks: { nsa: ['Pod security: building secure container images'], cis: ['5.5.1'], mitre: ['T1525'] },
  docs: {
    rationale:
      'A tag without a full `major.minor.patch` version (or build id) is re-pointed by its publisher at every release: what you tested is not what the next node pulls, and a rollback cannot restore the previous build. `latest` and untagged images are reported by image-latest-tag.',
    remediation: 'Name the full version (`redis:7.2.4-alpine`) or pin the digest.',
    example: { bad: 'image: redis:alpine\n', good: 'image: redis:7.2.4-alpine\n' },
  },
  messages: {
    floating: '{{object}}: container "{{container}}" uses image "{{image}}", whose tag "{{tag}}" moves with new releases; name a full version (x.y.z) or pin a digest.',
  },
  scope: 'workload',
  check(workload) {
    return containerImages(workload).flatMap((c) => {
      const tag = c.image?.tag;
      if (!c.image || c.image.digest !== undefined || tag === undefined || tag === 'latest' || isPinnedVersionTag(tag)) return [];
      return [{ messageId: 'floating' as const, data: { object: c.object, container: c.ref.name, image: c.text, tag }, path: c.path, container: c.ref.name }];
    });
  },
});
