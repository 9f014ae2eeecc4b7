import { defineCheck } from '../../core/check.js';
import { containerImages } from './container-images.js';
import { imageFromAny } from './image-reference.js';
import { imageSettings } from './settings.js';

export default defineCheck({
  id: 'image-personal-namespace',
  code: 'SKD-304',
  title: 'Image from a personal namespace on a public registry',
  description: 'Images published under an individual account on a public registry (docker.io/<user>/…) should not run unreviewed.',
  severity: 'low',
  category: 'supply-chain',
  frameworks: { nsa: ['Pod security: building secure container images'], cis: ['5.5.1'], mitre: ['T1204.003', 'T1525'] },
  docs: {
    rationale:
      'Anyone can publish under their own name on Docker Hub and similar registries; such images carry no publisher review, may be abandoned, and are the usual vehicle for crypto miners and typo-squats. Official images (`docker.io/library/…`) and publishers you list as trusted are exempt. Opt-in: many teams rely on vendor namespaces, which they list in `images.trustedNamespaces`.',
    remediation:
      'Use an official or vendor image, build the image yourself, or mirror it to your own registry after review; list publishers you trust in `images.trustedNamespaces` (and more public registries in `images.publicRegistries`, default `docker.io`).',
    example: { bad: 'image: someuser/handy-tool:1.0.0\n', good: 'image: registry.example.com/mirror/handy-tool:1.0.0\n' },
  },
  messages: {
    personal: '{{object}}: container "{{container}}" runs "{{image}}" from the account "{{namespace}}" on the public registry {{registry}}; use an official or reviewed image, or add "{{namespace}}" to images.trustedNamespaces.',
  },
  defaultEnabled: false,
  scope: 'workload',
  check(workload, ctx) {
    const settings = imageSettings(ctx.options.settings);
    const trusted = new Set(settings.trustedNamespaces);
    return containerImages(workload).flatMap((c) => {
      const image = c.image;
      if (!image || !imageFromAny(image, settings.publicRegistries)) return [];
      const namespace = image.repository.split('/')[0]!;
      if (namespace === 'library' || trusted.has(namespace) || !image.repository.includes('/')) return [];
      return [
        {
          messageId: 'personal' as const,
          data: { object: c.object, container: c.ref.name, image: c.text, namespace, registry: image.registry },
          path: c.path,
          container: c.ref.name,
        },
      ];
    });
  },
});
