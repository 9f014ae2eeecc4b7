import { isRecord, type KubeObject } from '../../core/k8s/object.js';
import type { FieldPath } from '../../core/path.js';
import { specOf } from './services.js';

export interface IngressRule {
  index: number;
  host?: string;
  path: FieldPath;
}

export function ingressRules(object: KubeObject): IngressRule[] {
  const rules = specOf(object).rules;
  if (!Array.isArray(rules)) return [];
  const out: IngressRule[] = [];
  rules.forEach((rule, index) => {
    if (!isRecord(rule)) return;
    const item: IngressRule = { index, path: ['spec', 'rules', index] };
    if (typeof rule.host === 'string' && rule.host !== '') item.host = rule.host;
    out.push(item);
  });
  return out;
}

export interface BackendRef {
  service: string;
  path: FieldPath;
}

/** Services an Ingress sends traffic to (networking.k8s.io/v1 and the older serviceName form). */
export function ingressBackends(object: KubeObject): BackendRef[] {
  const spec = specOf(object);
  const out: BackendRef[] = [];
  const add = (backend: unknown, path: FieldPath) => {
    if (!isRecord(backend)) return;
    if (isRecord(backend.service) && typeof backend.service.name === 'string') out.push({ service: backend.service.name, path: [...path, 'service', 'name'] });
    else if (typeof backend.serviceName === 'string') out.push({ service: backend.serviceName, path: [...path, 'serviceName'] });
  };
  add(spec.defaultBackend, ['spec', 'defaultBackend']);
  add(spec.backend, ['spec', 'backend']);
  if (Array.isArray(spec.rules)) {
    spec.rules.forEach((rule, r) => {
      const paths = isRecord(rule) && isRecord(rule.http) ? rule.http.paths : undefined;
      if (!Array.isArray(paths)) return;
      paths.forEach((p, i) => add(isRecord(p) ? p.backend : undefined, ['spec', 'rules', r, 'http', 'paths', i, 'backend']));
    });
  }
  return out;
}

/** Whether a TLS host entry (possibly `*.example.com`) serves a rule's host. */
export function tlsCovers(tlsHost: string, host: string): boolean {
  const a = tlsHost.toLowerCase();
  const b = host.toLowerCase();
  if (a === b) return true;
  // A wildcard matches exactly one label: *.example.com covers a.example.com, not a.b.example.com.
  return a.startsWith('*.') && b.endsWith(a.slice(1)) && !b.slice(0, b.length - a.length + 1).includes('.');
}
