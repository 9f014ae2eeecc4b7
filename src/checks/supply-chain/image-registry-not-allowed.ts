import { defineCheck } from '../../core/check.js';
import { containerImages } from './container-images.js';
import { imageFromAny } from './image-reference.js';
import { imageSettings } from './settings.js';

export default defineCheck({
  id: 'image-registry-not-allowed',
  code: 'SKD-303',
  title: 'Image from a registry outside the allow-list',
  description: 'Container images must come from the registries listed in `images.allowedRegistries`.',
  severity: 'high',
  category: 'supply-chain',
  frameworks: { nsa: ['Pod security: building secure container images'], cis: ['5.5.1'], mitre: ['T1525', 'T1204.003'] },
  docs: {
    rationale:
      'Restricting images to registries you control (or mirror and scan) keeps unreviewed, typo-squatted or malicious images out of the cluster. The check is silent until `.stockade.yaml` lists the allowed registries.',
    remediation:
      'Push or mirror the image to an allowed registry and reference it there, or add the registry to `images.allowedRegistries` in `.stockade.yaml` (entries are hosts such as `gcr.io` or host/path prefixes such as `ghcr.io/acme`).',
    example: { bad: '# images: {allowedRegistries: [registry.example.com]}\nimage: docker.io/evil/miner:1.0.0\n', good: 'image: registry.example.com/team/app:1.4.2\n' },
  },
  messages: {
    notAllowed: '{{object}}: container "{{container}}" pulls "{{image}}" from {{registry}}, which is not in images.allowedRegistries ({{allowed}}); use an image from an allowed registry.',
    unparsable: '{{object}}: container "{{container}}" names image "{{image}}", which is not a valid image reference, so its registry cannot be checked against images.allowedRegistries.',
  },
  scope: 'workload',
  check(workload, ctx) {
    const allowed = imageSettings(ctx.options.settings).allowedRegistries;
    if (allowed === undefined) return [];
    return containerImages(workload)
      .filter((c) => c.image === undefined || !imageFromAny(c.image, allowed))
      .map((c) => ({
        messageId: c.image === undefined ? ('unparsable' as const) : ('notAllowed' as const),
        data: { object: c.object, container: c.ref.name, image: c.text, registry: c.image?.registry ?? '', allowed: allowed.join(', ') || 'none' },
        path: c.path,
        container: c.ref.name,
      }));
  },
});
