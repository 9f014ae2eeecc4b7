import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { containerImages } from './container-images.js';
import { isMutableReference } from './image-reference.js';

export default defineCheck({
  id: 'image-pull-policy-mutable-tag',
  code: 'SKD-305',
  title: 'Mutable image tag not pulled with imagePullPolicy Always',
  description: 'A container whose image tag can move should use `imagePullPolicy: Always` so that nodes do not run stale, divergent builds.',
  severity: 'low',
  category: 'supply-chain',
  frameworks: { nsa: ['Pod security: building secure container images'], mitre: ['T1525'] },
  docs: {
    rationale:
      'With `IfNotPresent` (the default for any tag other than `latest`) each node keeps whatever build it pulled first under a moving tag such as `alpine` or `1.25`: replicas silently run different code, and a patched image never reaches nodes that cached the old one. `Always` also makes the kubelet check the pull credentials, so a pod cannot reuse a private image another tenant pulled.',
    remediation: 'Pin the image to a version or digest, or set `imagePullPolicy: Always`.',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy'],
    example: { bad: 'image: redis:alpine\nimagePullPolicy: IfNotPresent\n', good: 'image: redis:7.2.4-alpine\n' },
  },
  messages: {
    notAlways:
      '{{object}}: container "{{container}}" uses the mutable image "{{image}}" with imagePullPolicy {{policy}}; set imagePullPolicy: Always or pin a version or digest.',
  },
  scope: 'workload',
  check(workload) {
    return containerImages(workload).flatMap((c) => {
      if (!c.image || !isMutableReference(c.image)) return [];
      const written = c.ref.container.imagePullPolicy;
      // Without a policy, Kubernetes pulls `latest` and untagged images Always, anything else IfNotPresent.
      const implicitAlways = c.image.tag === undefined || c.image.tag === 'latest';
      const effective = written ?? (implicitAlways ? 'Always' : 'IfNotPresent');
      if (effective === 'Always') return [];
      const path = [...c.ref.path, 'imagePullPolicy'];
      return [
        {
          messageId: 'notAlways' as const,
          data: { object: c.object, container: c.ref.name, image: c.text, policy: written === undefined ? `${effective} (the default)` : written },
          path,
          container: c.ref.name,
          fix: setFieldPatch(workload.object, path, 'Always'),
          fixSafety: 'safe' as const,
        },
      ];
    });
  },
});
