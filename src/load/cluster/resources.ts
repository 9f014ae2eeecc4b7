/**
 * The API resources a cluster scan lists: every kind some analyser reads (the check catalogue,
 * RBAC, network, control plane). Versions are not fixed here: discovery says which version of a
 * group the server prefers, and a group it does not serve is simply absent.
 */
export interface WantedResource {
  /** API group, '' for the core group. */
  group: string;
  /** Plural resource name as served by the API (`pods`, `networkpolicies`). */
  resource: string;
  /** Listed as `PartialObjectMetadata`: the values never leave the API server. */
  metadataOnly?: boolean;
}

export const WANTED_RESOURCES: readonly WantedResource[] = [
  { group: '', resource: 'namespaces' },
  { group: '', resource: 'nodes' },
  { group: '', resource: 'pods' },
  { group: '', resource: 'services' },
  { group: '', resource: 'serviceaccounts' },
  { group: '', resource: 'configmaps' },
  { group: '', resource: 'secrets', metadataOnly: true },
  { group: '', resource: 'replicationcontrollers' },
  { group: '', resource: 'persistentvolumes' },
  { group: '', resource: 'persistentvolumeclaims' },
  { group: '', resource: 'resourcequotas' },
  { group: '', resource: 'limitranges' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
  { group: 'networking.k8s.io', resource: 'networkpolicies' },
  { group: 'networking.k8s.io', resource: 'ingresses' },
  { group: 'networking.k8s.io', resource: 'ingressclasses' },
  { group: 'policy.networking.k8s.io', resource: 'adminnetworkpolicies' },
  { group: 'policy.networking.k8s.io', resource: 'baselineadminnetworkpolicies' },
  { group: 'policy', resource: 'poddisruptionbudgets' },
  { group: 'rbac.authorization.k8s.io', resource: 'roles' },
  { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
  { group: 'node.k8s.io', resource: 'runtimeclasses' },
  { group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations' },
  { group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations' },
  { group: 'admissionregistration.k8s.io', resource: 'validatingadmissionpolicies' },
  { group: 'admissionregistration.k8s.io', resource: 'validatingadmissionpolicybindings' },
  { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
];

/** The Accept header that makes the API server send metadata only (no `data`, no `stringData`). */
export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

/**
 * Workload kinds whose controller is itself scanned: a pod created by a ReplicaSet carries the
 * same pod template as its Deployment, so scanning both would report every problem twice.
 */
export const CONTROLLER_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);
