import type { FieldPath } from '../path.js';
import { describeObject, isRecord, type KubeObject, type ObjectMeta } from './object.js';

export type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

/** The subset of a container spec the analysers read; everything else stays reachable by index. */
export interface Container {
  name?: string;
  image?: string;
  imagePullPolicy?: string;
  securityContext?: Record<string, any>;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  ports?: { name?: string; containerPort?: number; hostPort?: number; protocol?: string; hostIP?: string }[];
  env?: { name?: string; value?: unknown; valueFrom?: Record<string, any> }[];
  envFrom?: Record<string, any>[];
  volumeMounts?: { name?: string; mountPath?: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: Record<string, any>;
  readinessProbe?: Record<string, any>;
  startupProbe?: Record<string, any>;
  lifecycle?: Record<string, any>;
  command?: unknown[];
  args?: unknown[];
  [field: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Record<string, any>[];
  securityContext?: Record<string, any>;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  runtimeClassName?: string;
  shareProcessNamespace?: boolean;
  os?: { name?: string };
  nodeName?: string;
  [field: string]: unknown;
}

export interface ContainerRef {
  container: Container;
  kind: ContainerKind;
  index: number;
  /** Field path of the container within its object. */
  path: FieldPath;
  name: string;
}

/** A workload: any object that carries a pod template (or is a pod). */
export interface Workload {
  object: KubeObject;
  podSpec: PodSpec;
  podSpecPath: FieldPath;
  /** Pod metadata: the pod's own for a Pod, the template's for controllers. */
  podMeta: ObjectMeta;
  podMetaPath: FieldPath;
  containers: ContainerRef[];
}

const TEMPLATE_PATHS: Record<string, FieldPath> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** Kinds that carry pod specs, with the path of their pod template (Pod: the object itself). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Pod', ...Object.keys(TEMPLATE_PATHS)]);

const WORKLOAD_GROUPS: Record<string, readonly string[]> = {
  Pod: [''],
  PodTemplate: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
};

function isWorkloadApi(object: KubeObject): boolean {
  const groups = WORKLOAD_GROUPS[object.kind];
  if (!groups) return false;
  const slash = object.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
  return groups.includes(group);
}

const CONTAINER_KINDS: readonly ContainerKind[] = ['initContainers', 'containers', 'ephemeralContainers'];

/**
 * The workload view of an object, or undefined when it carries no pod spec. Kind *and* API
 * group must match: a CRD that happens to be called `Deployment` is not a workload.
 */
export function workloadOf(object: KubeObject): Workload | undefined {
  if (!isWorkloadApi(object)) return undefined;
  let templatePath: FieldPath;
  let template: unknown;
  if (object.kind === 'Pod') {
    templatePath = [];
    template = object;
  } else {
    templatePath = TEMPLATE_PATHS[object.kind]!;
    template = object;
    for (const segment of templatePath) template = isRecord(template) ? template[segment as string] : undefined;
  }
  if (!isRecord(template)) return undefined;
  const spec = template.spec;
  if (!isRecord(spec)) return undefined;
  const podSpec = spec as PodSpec;
  const podSpecPath = [...templatePath, 'spec'];
  const podMeta = (isRecord(template.metadata) ? template.metadata : {}) as ObjectMeta;
  const containers: ContainerRef[] = [];
  for (const kind of CONTAINER_KINDS) {
    const list = podSpec[kind];
    if (!Array.isArray(list)) continue;
    for (let index = 0; index < list.length; index++) {
      const container: unknown = list[index];
      if (!isRecord(container)) continue;
      const name = typeof container.name === 'string' ? container.name : `#${index}`;
      containers.push({ container: container as Container, kind, index, path: [...podSpecPath, kind, index], name });
    }
  }
  return { object, podSpec, podSpecPath, podMeta, podMetaPath: [...templatePath, 'metadata'], containers };
}

/**
 * A dozen checks name the workload in their messages, one workload after another: the last
 * workload's description is kept rather than built again by each. (One slot, as for the
 * images of containerImages: kept per workload, every description would outlive young
 * collections.)
 */
let describedWorkload: Workload | undefined;
let workloadDescription = '';

/** `Deployment default/web`: the workload's object as messages name it. */
export function describeWorkload(workload: Workload): string {
  if (workload !== describedWorkload) {
    workloadDescription = describeObject(workload.object);
    describedWorkload = workload;
  }
  return workloadDescription;
}

export function serviceAccountOf(podSpec: PodSpec): string {
  const sa = podSpec.serviceAccountName ?? podSpec.serviceAccount;
  return typeof sa === 'string' && sa !== '' ? sa : 'default';
}
