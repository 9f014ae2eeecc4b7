import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, groupOf, isRecord, namespaceOf } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import type { FieldPath } from '../../core/path.js';
import { listOf } from '../workload/fields.js';

type Kind = 'ConfigMap' | 'Secret';

interface Reference {
  kind: Kind;
  name: string;
  path: FieldPath;
}

/** ConfigMap created by Kubernetes in every namespace. */
const IMPLICIT: Record<Kind, ReadonlySet<string>> = { ConfigMap: new Set(['kube-root-ca.crt']), Secret: new Set() };

/** Every required (non-optional) ConfigMap and Secret a pod reads, with where it names it. */
function referencesOf(workload: Workload): Reference[] {
  const out: Reference[] = [];
  const add = (kind: Kind, source: unknown, nameField: string, path: FieldPath) => {
    if (!isRecord(source) || source.optional === true || typeof source[nameField] !== 'string') return;
    out.push({ kind, name: source[nameField] as string, path: [...path, nameField] });
  };
  for (const ref of workload.containers) {
    listOf(ref.container.env).forEach((env, i) => {
      const from = env?.valueFrom;
      if (!isRecord(from)) return;
      add('ConfigMap', from.configMapKeyRef, 'name', [...ref.path, 'env', i, 'valueFrom', 'configMapKeyRef']);
      add('Secret', from.secretKeyRef, 'name', [...ref.path, 'env', i, 'valueFrom', 'secretKeyRef']);
    });
    listOf(ref.container.envFrom).forEach((source, i) => {
      add('ConfigMap', source?.configMapRef, 'name', [...ref.path, 'envFrom', i, 'configMapRef']);
      add('Secret', source?.secretRef, 'name', [...ref.path, 'envFrom', i, 'secretRef']);
    });
  }
  listOf(workload.podSpec.volumes).forEach((volume, i) => {
    if (!isRecord(volume)) return;
    const base = [...workload.podSpecPath, 'volumes', i];
    add('ConfigMap', volume.configMap, 'name', [...base, 'configMap']);
    add('Secret', volume.secret, 'secretName', [...base, 'secret']);
    const sources = isRecord(volume.projected) ? volume.projected.sources : undefined;
    if (Array.isArray(sources)) {
      sources.forEach((source, j) => {
        if (!isRecord(source)) return;
        add('ConfigMap', source.configMap, 'name', [...base, 'projected', 'sources', j, 'configMap']);
        add('Secret', source.secret, 'name', [...base, 'projected', 'sources', j, 'secret']);
      });
    }
  });
  return out;
}

export default defineCheck({
  id: 'config-reference-missing',
  code: 'SKD-613',
  title: 'Pod reads a ConfigMap or Secret that does not exist',
  description: 'ConfigMaps and Secrets a pod requires (not marked optional) should exist in its namespace.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'A pod that needs a missing ConfigMap or Secret never starts (CreateContainerConfigError, or stuck in ContainerCreating for volumes), which a rollout notices only at run time. Reported only when the scan includes ConfigMaps (or Secrets) of that namespace, so partial scans stay quiet.',
    remediation: 'Create the object with the workload, fix the name, or mark the reference `optional: true` when the pod can run without it.',
  },
  messages: {
    missing: '{{object}} requires {{kind}} "{{name}}", which is not among the {{kind}}s of its namespace in this scan; the pod would not start. Create it, fix the name, or mark it optional.',
  },
  scope: 'inventory',
  check(inventory) {
    const known = new Map<string, Set<string>>();
    for (const kind of ['ConfigMap', 'Secret'] as const) {
      for (const entry of inventory.ofKind(kind)) {
        if (groupOf(entry.object.apiVersion) !== '') continue;
        const key = `${kind}\u0000${namespaceOf(entry.object) ?? ''}`;
        let names = known.get(key);
        if (!names) known.set(key, (names = new Set()));
        names.add(String(entry.object.metadata?.name));
      }
    }
    const out: Violation<'missing'>[] = [];
    if (known.size === 0) return out;
    for (const { entry, workload } of inventory.workloads()) {
      const namespace = namespaceOf(entry.object) ?? '';
      for (const ref of referencesOf(workload)) {
        const names = known.get(`${ref.kind}\u0000${namespace}`);
        if (!names || names.has(ref.name) || IMPLICIT[ref.kind].has(ref.name)) continue;
        out.push({ messageId: 'missing', data: { object: describeObject(entry.object), kind: ref.kind, name: ref.name }, path: ref.path, entry });
      }
    }
    return out;
  },
});
