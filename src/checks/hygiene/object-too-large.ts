import { defineCheck } from '../../core/check.js';
import { describeObject, groupOf, isRecord } from '../../core/k8s/object.js';

/** The API server's limit on ConfigMap and Secret data (etcd request size). */
const LIMIT = 1024 * 1024;

function dataBytes(values: unknown, base64: boolean): number {
  if (!isRecord(values)) return 0;
  let bytes = 0;
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue;
    bytes += key.length + (base64 ? Math.floor((value.replace(/\s+/g, '').length * 3) / 4) : Buffer.byteLength(value, 'utf8'));
  }
  return bytes;
}

export default defineCheck({
  id: 'object-too-large',
  code: 'SKD-619',
  title: 'ConfigMap or Secret over the 1 MiB limit',
  description: 'ConfigMap and Secret data must stay under 1 MiB.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'The API server rejects ConfigMaps and Secrets whose data exceeds 1 MiB, so the apply fails (often halfway through a release); large objects also slow every watch of the namespace. Bundled certificates, dashboards and rule files tend to grow past it unnoticed.',
    remediation: 'Split the data across several objects, or ship it in the image or a volume instead.',
    references: ['https://kubernetes.io/docs/concepts/configuration/configmap/#motivation'],
  },
  messages: {
    tooLarge: '{{object}} holds about {{size}} KiB of data, over the 1024 KiB limit of the API server; split it or ship the data another way.',
  },
  scope: 'object',
  kinds: ['ConfigMap', 'Secret'],
  check(object) {
    if (groupOf(object.apiVersion) !== '') return [];
    const base64Field = object.kind === 'Secret' ? 'data' : 'binaryData';
    const textField = object.kind === 'Secret' ? 'stringData' : 'data';
    const bytes = dataBytes(object[base64Field], true) + dataBytes(object[textField], false);
    if (bytes <= LIMIT) return [];
    return [{ messageId: 'tooLarge', data: { object: describeObject(object), size: Math.round(bytes / 1024) }, path: [textField in object ? textField : base64Field] }];
  },
});
