import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { containerImages } from './container-images.js';

export default defineCheck({
  id: 'invalid-image-reference',
  code: 'SKD-307',
  title: 'Missing or malformed image reference',
  description: 'Every container must name a well-formed image reference.',
  severity: 'medium',
  category: 'supply-chain',
  frameworks: {},
  docs: {
    rationale:
      'A container without an image is rejected by the API server, and a malformed reference (spaces, upper-case repository, a bad digest) fails to pull: the workload never starts. It also defeats every image policy, which cannot tell where such an image would come from.',
    remediation: 'Write the image as `[registry/]repository[:tag][@sha256:digest]` in lower case.',
    references: ['https://github.com/distribution/reference/blob/main/reference.go'],
  },
  messages: {
    missing: '{{object}}: container "{{container}}" has no image; set spec.containers[].image.',
    malformed: '{{object}}: container "{{container}}" names "{{image}}", which is not a valid image reference ([registry/]repository[:tag][@digest], lower case).',
  },
  scope: 'workload',
  check(workload) {
    const images = containerImages(workload);
    const out: Violation<'missing' | 'malformed'>[] = [];
    for (const ref of workload.containers) {
      // A handful of containers: a search costs less than indexing them.
      const image = images.find((c) => c.ref === ref);
      if (!image) out.push({ messageId: 'missing', data: { object: describeWorkload(workload), container: ref.name }, path: [...ref.path, 'image'], container: ref.name });
      else if (!image.image) out.push({ messageId: 'malformed', data: { object: describeWorkload(workload), container: ref.name, image: image.text }, path: image.path, container: ref.name });
    }
    return out;
  },
});
