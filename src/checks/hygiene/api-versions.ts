/**
 * API versions Kubernetes has deprecated or removed, from the official deprecation guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). `removedIn` is the
 * first release that no longer serves the version.
 */
export interface ApiChange {
  apiVersion: string;
  kind: string;
  deprecatedIn: number;
  removedIn?: number;
  /** apiVersion to use instead, or undefined when the API is gone for good. */
  replacement?: string;
  /** What else changes, for the message (empty when the schema is the same). */
  note: string;
  /** The replacement accepts the object unchanged: only apiVersion needs rewriting. */
  sameSchema?: boolean;
}

const WORKLOAD_NOTE = 'apps/v1 requires spec.selector and changes defaults';

function changes(apiVersions: string[], kinds: string[], deprecatedIn: number, removedIn: number | undefined, replacement: string | undefined, note = '', sameSchema = false): ApiChange[] {
  return apiVersions.flatMap((apiVersion) =>
    kinds.map((kind) => {
      const change: ApiChange = { apiVersion, kind, deprecatedIn, note };
      if (removedIn !== undefined) change.removedIn = removedIn;
      if (replacement !== undefined) change.replacement = replacement;
      if (sameSchema) change.sameSchema = true;
      return change;
    }),
  );
}

export const API_CHANGES: readonly ApiChange[] = [
  // v1.16
  ...changes(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'], 9, 16, 'apps/v1', WORKLOAD_NOTE),
  ...changes(['apps/v1beta1', 'apps/v1beta2'], ['ControllerRevision'], 9, 16, 'apps/v1'),
  ...changes(['extensions/v1beta1'], ['NetworkPolicy'], 9, 16, 'networking.k8s.io/v1', '', true),
  ...changes(['extensions/v1beta1'], ['PodSecurityPolicy'], 10, 16, 'policy/v1beta1', '', true),
  // v1.22
  ...changes(['admissionregistration.k8s.io/v1beta1'], ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 16, 22, 'admissionregistration.k8s.io/v1', 'v1 requires sideEffects and admissionReviewVersions and defaults failurePolicy to Fail'),
  ...changes(['apiextensions.k8s.io/v1beta1'], ['CustomResourceDefinition'], 16, 22, 'apiextensions.k8s.io/v1', 'v1 requires a structural schema per version'),
  ...changes(['apiregistration.k8s.io/v1beta1'], ['APIService'], 19, 22, 'apiregistration.k8s.io/v1', '', true),
  ...changes(['authentication.k8s.io/v1beta1'], ['TokenReview'], 19, 22, 'authentication.k8s.io/v1', '', true),
  ...changes(['authorization.k8s.io/v1beta1'], ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'], 19, 22, 'authorization.k8s.io/v1', 'spec.group is renamed spec.groups'),
  ...changes(['certificates.k8s.io/v1beta1'], ['CertificateSigningRequest'], 19, 22, 'certificates.k8s.io/v1', 'v1 requires spec.signerName and spec.usages'),
  ...changes(['coordination.k8s.io/v1beta1'], ['Lease'], 19, 22, 'coordination.k8s.io/v1', '', true),
  ...changes(['extensions/v1beta1'], ['Ingress'], 14, 22, 'networking.k8s.io/v1', 'backends become service.name/service.port and pathType is required'),
  ...changes(['networking.k8s.io/v1beta1'], ['Ingress'], 19, 22, 'networking.k8s.io/v1', 'backends become service.name/service.port and pathType is required'),
  ...changes(['networking.k8s.io/v1beta1'], ['IngressClass'], 19, 22, 'networking.k8s.io/v1', '', true),
  ...changes(['rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'], ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], 17, 22, 'rbac.authorization.k8s.io/v1', '', true),
  ...changes(['scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1alpha1'], ['PriorityClass'], 14, 22, 'scheduling.k8s.io/v1', '', true),
  ...changes(['storage.k8s.io/v1beta1'], ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 19, 22, 'storage.k8s.io/v1', '', true),
  // v1.25
  ...changes(['batch/v1beta1'], ['CronJob'], 21, 25, 'batch/v1', '', true),
  ...changes(['discovery.k8s.io/v1beta1'], ['EndpointSlice'], 21, 25, 'discovery.k8s.io/v1', 'topology["kubernetes.io/hostname"] becomes nodeName'),
  ...changes(['events.k8s.io/v1beta1'], ['Event'], 19, 25, 'events.k8s.io/v1', 'v1 validates type, reason and regarding more strictly'),
  ...changes(['autoscaling/v2beta1'], ['HorizontalPodAutoscaler'], 22, 25, 'autoscaling/v2', 'metric targets move under target'),
  ...changes(['policy/v1beta1'], ['PodDisruptionBudget'], 21, 25, 'policy/v1', 'an empty selector now selects every pod in the namespace'),
  ...changes(['policy/v1beta1'], ['PodSecurityPolicy'], 21, 25, undefined, 'PodSecurityPolicy is gone: enforce Pod Security Standards with namespace labels (Pod Security Admission)'),
  ...changes(['node.k8s.io/v1beta1'], ['RuntimeClass'], 20, 25, 'node.k8s.io/v1', '', true),
  // v1.26, v1.27, v1.29, v1.32
  ...changes(['flowcontrol.apiserver.k8s.io/v1beta1'], ['FlowSchema', 'PriorityLevelConfiguration'], 23, 26, 'flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration assuredConcurrencyShares is renamed nominalConcurrencyShares'),
  ...changes(['autoscaling/v2beta2'], ['HorizontalPodAutoscaler'], 23, 26, 'autoscaling/v2', '', true),
  ...changes(['storage.k8s.io/v1beta1'], ['CSIStorageCapacity'], 24, 27, 'storage.k8s.io/v1', '', true),
  ...changes(['flowcontrol.apiserver.k8s.io/v1beta2'], ['FlowSchema', 'PriorityLevelConfiguration'], 26, 29, 'flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration assuredConcurrencyShares is renamed nominalConcurrencyShares'),
  ...changes(['flowcontrol.apiserver.k8s.io/v1beta3'], ['FlowSchema', 'PriorityLevelConfiguration'], 29, 32, 'flowcontrol.apiserver.k8s.io/v1', 'an explicit nominalConcurrencyShares of 0 is no longer changed to 30'),
  // Deprecated, still served.
  ...changes(['v1'], ['ComponentStatus'], 19, undefined, undefined, 'query the components\' health endpoints (/livez, /readyz) instead'),
  ...changes(['v1'], ['Endpoints'], 33, undefined, 'discovery.k8s.io/v1', 'as EndpointSlice'),
];

const BY_KEY = new Map(API_CHANGES.map((c) => [`${c.apiVersion} ${c.kind}`, c]));

export function apiChangeOf(apiVersion: string, kind: string): ApiChange | undefined {
  return BY_KEY.get(`${apiVersion} ${kind}`);
}

/** Kinds any entry of the table mentions: the checks run on these only. */
export const CHANGED_KINDS: readonly string[] = [...new Set(API_CHANGES.map((c) => c.kind))];

/** Minor version of `v1.N`; `latest` is newer than every entry in the table. */
export function targetMinor(kubeVersion: string): number {
  if (kubeVersion === 'latest') return Number.POSITIVE_INFINITY;
  const match = /^v?1\.(\d+)(?:\.\d+)?$/.exec(kubeVersion.trim());
  if (!match) throw new Error(`kubeVersion "${kubeVersion}": expected "latest" or "v1.N"`);
  return Number(match[1]);
}
