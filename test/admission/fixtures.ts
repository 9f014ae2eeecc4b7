import type { KubeObject } from '../../src/core/k8s/object.js';

/** A Deployment with two containers, shaped like a real `kubectl apply` of a web service. */
export function deployment(name: string, namespace: string, overrides: { privileged?: boolean; image?: string; annotations?: Record<string, string>; hardened?: boolean } = {}): KubeObject {
  const hardened = overrides.hardened ?? true;
  const containerSecurity = hardened
    ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, privileged: overrides.privileged ?? false }
    : overrides.privileged
      ? { privileged: true }
      : undefined;
  const container = (cname: string, image: string, port: number) => ({
    name: cname,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port }, initialDelaySeconds: 5, periodSeconds: 10 },
    readinessProbe: { httpGet: { path: '/readyz', port }, periodSeconds: 5 },
    ...(containerSecurity ? { securityContext: containerSecurity } : {}),
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name, tier: 'frontend' }, ...(overrides.annotations ? { annotations: overrides.annotations } : {}) },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'frontend' } },
        spec: {
          ...(hardened ? { securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } } } : {}),
          automountServiceAccountToken: false,
          containers: [container('web', overrides.image ?? 'registry.example.com/shop/web:1.4.2', 8080), container('metrics', 'registry.example.com/shop/exporter:0.9.1', 9100)],
        },
      },
    },
  };
}

let counter = 0;

/** An AdmissionReview as the API server sends it. */
export function admissionReview(
  object: KubeObject | undefined,
  options: { operation?: string; oldObject?: KubeObject; dryRun?: boolean; apiVersion?: string; namespace?: string; subResource?: string; name?: string; resource?: string; kind?: string } = {},
): Record<string, unknown> {
  const kind = options.kind ?? object?.kind ?? 'Pod';
  const [group, version] = object && object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object?.apiVersion ?? 'v1'];
  const namespace = options.namespace ?? object?.metadata?.namespace;
  return {
    apiVersion: options.apiVersion ?? 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `705ab4f5-6393-11e8-b7cc-${String(++counter).padStart(12, '0')}`,
      kind: { group, version, kind },
      resource: { group, version, resource: options.resource ?? `${kind.toLowerCase()}s` },
      requestKind: { group, version, kind },
      requestResource: { group, version, resource: options.resource ?? `${kind.toLowerCase()}s` },
      ...(options.subResource ? { subResource: options.subResource } : {}),
      name: options.name ?? object?.metadata?.name,
      ...(namespace ? { namespace } : {}),
      operation: options.operation ?? 'CREATE',
      userInfo: { username: 'admin', uid: '014fbff9a07c', groups: ['system:authenticated', 'my-admin-group'] },
      object: object ?? null,
      oldObject: options.oldObject ?? null,
      dryRun: options.dryRun ?? false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
}
