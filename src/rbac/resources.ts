/**
 * Built-in Kubernetes resources the analyser must know: their API group (so that `get secrets`
 * can be asked without spelling the group), whether they are cluster-scoped (RoleBindings never
 * grant cluster-scoped resources), and the singular and short names kubectl accepts.
 */
interface ResourceInfo {
  group: string;
  namespaced: boolean;
  aliases?: string[];
}

const RESOURCES: Record<string, ResourceInfo> = {
  pods: { group: '', namespaced: true, aliases: ['pod', 'po'] },
  services: { group: '', namespaced: true, aliases: ['service', 'svc'] },
  endpoints: { group: '', namespaced: true, aliases: ['ep'] },
  secrets: { group: '', namespaced: true, aliases: ['secret'] },
  configmaps: { group: '', namespaced: true, aliases: ['configmap', 'cm'] },
  serviceaccounts: { group: '', namespaced: true, aliases: ['serviceaccount', 'sa'] },
  persistentvolumeclaims: { group: '', namespaced: true, aliases: ['persistentvolumeclaim', 'pvc'] },
  persistentvolumes: { group: '', namespaced: false, aliases: ['persistentvolume', 'pv'] },
  nodes: { group: '', namespaced: false, aliases: ['node', 'no'] },
  namespaces: { group: '', namespaced: false, aliases: ['namespace', 'ns'] },
  events: { group: '', namespaced: true, aliases: ['event', 'ev'] },
  replicationcontrollers: { group: '', namespaced: true, aliases: ['replicationcontroller', 'rc'] },
  resourcequotas: { group: '', namespaced: true, aliases: ['resourcequota', 'quota'] },
  limitranges: { group: '', namespaced: true, aliases: ['limitrange', 'limits'] },
  podtemplates: { group: '', namespaced: true, aliases: ['podtemplate'] },
  componentstatuses: { group: '', namespaced: false, aliases: ['componentstatus', 'cs'] },
  bindings: { group: '', namespaced: true, aliases: ['binding'] },
  // Impersonation: users and groups are cluster-wide; service accounts are namespaced.
  users: { group: '', namespaced: false, aliases: ['user'] },
  groups: { group: '', namespaced: false, aliases: ['group'] },
  uids: { group: '', namespaced: false },
  userextras: { group: 'authentication.k8s.io', namespaced: false },
  deployments: { group: 'apps', namespaced: true, aliases: ['deployment', 'deploy'] },
  statefulsets: { group: 'apps', namespaced: true, aliases: ['statefulset', 'sts'] },
  daemonsets: { group: 'apps', namespaced: true, aliases: ['daemonset', 'ds'] },
  replicasets: { group: 'apps', namespaced: true, aliases: ['replicaset', 'rs'] },
  controllerrevisions: { group: 'apps', namespaced: true, aliases: ['controllerrevision'] },
  jobs: { group: 'batch', namespaced: true, aliases: ['job'] },
  cronjobs: { group: 'batch', namespaced: true, aliases: ['cronjob', 'cj'] },
  roles: { group: 'rbac.authorization.k8s.io', namespaced: true, aliases: ['role'] },
  rolebindings: { group: 'rbac.authorization.k8s.io', namespaced: true, aliases: ['rolebinding'] },
  clusterroles: { group: 'rbac.authorization.k8s.io', namespaced: false, aliases: ['clusterrole'] },
  clusterrolebindings: { group: 'rbac.authorization.k8s.io', namespaced: false, aliases: ['clusterrolebinding'] },
  certificatesigningrequests: { group: 'certificates.k8s.io', namespaced: false, aliases: ['certificatesigningrequest', 'csr'] },
  signers: { group: 'certificates.k8s.io', namespaced: false, aliases: ['signer'] },
  validatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['validatingwebhookconfiguration'] },
  mutatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['mutatingwebhookconfiguration'] },
  validatingadmissionpolicies: { group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['validatingadmissionpolicy'] },
  validatingadmissionpolicybindings: { group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['validatingadmissionpolicybinding'] },
  customresourcedefinitions: { group: 'apiextensions.k8s.io', namespaced: false, aliases: ['customresourcedefinition', 'crd', 'crds'] },
  apiservices: { group: 'apiregistration.k8s.io', namespaced: false, aliases: ['apiservice'] },
  storageclasses: { group: 'storage.k8s.io', namespaced: false, aliases: ['storageclass', 'sc'] },
  csidrivers: { group: 'storage.k8s.io', namespaced: false, aliases: ['csidriver'] },
  csinodes: { group: 'storage.k8s.io', namespaced: false, aliases: ['csinode'] },
  volumeattachments: { group: 'storage.k8s.io', namespaced: false, aliases: ['volumeattachment'] },
  priorityclasses: { group: 'scheduling.k8s.io', namespaced: false, aliases: ['priorityclass', 'pc'] },
  runtimeclasses: { group: 'node.k8s.io', namespaced: false, aliases: ['runtimeclass'] },
  ingresses: { group: 'networking.k8s.io', namespaced: true, aliases: ['ingress', 'ing'] },
  ingressclasses: { group: 'networking.k8s.io', namespaced: false, aliases: ['ingressclass'] },
  networkpolicies: { group: 'networking.k8s.io', namespaced: true, aliases: ['networkpolicy', 'netpol'] },
  podsecuritypolicies: { group: 'policy', namespaced: false, aliases: ['podsecuritypolicy', 'psp'] },
  poddisruptionbudgets: { group: 'policy', namespaced: true, aliases: ['poddisruptionbudget', 'pdb'] },
  horizontalpodautoscalers: { group: 'autoscaling', namespaced: true, aliases: ['horizontalpodautoscaler', 'hpa'] },
  leases: { group: 'coordination.k8s.io', namespaced: true, aliases: ['lease'] },
  endpointslices: { group: 'discovery.k8s.io', namespaced: true, aliases: ['endpointslice'] },
  tokenreviews: { group: 'authentication.k8s.io', namespaced: false },
  subjectaccessreviews: { group: 'authorization.k8s.io', namespaced: false },
  selfsubjectaccessreviews: { group: 'authorization.k8s.io', namespaced: false },
  selfsubjectrulesreviews: { group: 'authorization.k8s.io', namespaced: false },
  localsubjectaccessreviews: { group: 'authorization.k8s.io', namespaced: true },
  flowschemas: { group: 'flowcontrol.apiserver.k8s.io', namespaced: false },
  prioritylevelconfigurations: { group: 'flowcontrol.apiserver.k8s.io', namespaced: false },
  auditsinks: { group: 'auditregistration.k8s.io', namespaced: false },
};

const ALIASES = new Map<string, string>();
for (const [plural, info] of Object.entries(RESOURCES)) {
  ALIASES.set(plural, plural);
  for (const alias of info.aliases ?? []) ALIASES.set(alias, plural);
}

export interface ResolvedResource {
  resource: string;
  /** Undefined when the resource is not built in and no group was given: any group matches. */
  group: string | undefined;
  namespaced: boolean;
}

/**
 * Resolves what a user typed (`pod`, `deploy`, `deployments.apps`, `gateways`) to the plural
 * resource name the authorizer sees. Unknown resources (custom resources) are taken as
 * namespaced, the common case for CRDs.
 */
export function resolveResource(typed: string): ResolvedResource {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const explicitGroup = dot < 0 ? undefined : lower.slice(dot + 1);
  const plural = ALIASES.get(name);
  const info = plural ? RESOURCES[plural] : undefined;
  if (info && (explicitGroup === undefined || explicitGroup === info.group)) {
    return { resource: plural!, group: info.group, namespaced: info.namespaced };
  }
  return { resource: name, group: explicitGroup, namespaced: true };
}

/** Whether a resource (without subresource) is namespaced; unknown resources are. */
export function isNamespacedResource(resource: string): boolean {
  return RESOURCES[resource]?.namespaced ?? true;
}

export function groupOfResource(resource: string): string | undefined {
  return RESOURCES[resource]?.group;
}
