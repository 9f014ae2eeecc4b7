import { type AuditEvent, actingUser, eventRawTime, eventTimeText, textOf } from './event.js';

/**
 * The fields a condition or an output template can read from an audit event: Falco's k8saudit
 * plugin fields (`ka.*`), its JSON fields (`jevt.*`, also spelled `json.*`), and a few of our own
 * (`sk.*`) for detections the plugin cannot express. A field yields one string, a list of strings
 * (multi-valued fields such as the images of a pod), or nothing when the event does not carry it.
 */
export type FieldValue = string | readonly string[] | undefined;
export type Extractor = (ev: AuditEvent) => FieldValue;

interface FieldDef {
  description: string;
  /** A plain property read: cheaper than remembering its value for the event. */
  direct?: boolean;
  /** Every value the field can take matches this: an equality with anything else is always false. */
  values?: RegExp;
  /** Whether the field takes `[argument]`. */
  arg: 'none' | 'required';
  make: (arg: string) => Extractor;
}

type Json = unknown;

function str(value: Json): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function obj(value: Json): Record<string, Json> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Json>) : undefined;
}

function arr(value: Json): Json[] {
  return Array.isArray(value) ? value : [];
}

/** RFC 6901 JSON pointer, split once when the condition is compiled. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function own(value: Json, key: string): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, Json>)[key] : undefined;
}

function walk(root: Json, path: readonly string[]): Json {
  // Pointers into top-level fields and objectRef are most of what rules read.
  if (path.length === 1) return own(root, path[0]);
  let cur: Json = root;
  for (const key of path) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
      cur = cur[Number(key)];
    } else if (cur !== null && typeof cur === 'object') {
      cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Record<string, Json>)[key] : undefined;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Image reference without tag or digest: `registry:5000/app:1.2@sha256:…` → `registry:5000/app`. */
export function imageRepository(image: string): string {
  let ref = image;
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? ref.slice(0, colon) : ref;
}

type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

function podSpec(ev: AuditEvent): Record<string, Json> | undefined {
  return obj(obj(ev.requestObject)?.spec);
}

function containersOf(ev: AuditEvent, kind: ContainerKind): Record<string, Json>[] {
  const spec = podSpec(ev);
  if (!spec) return [];
  return arr(spec[kind]).map((c) => obj(c) ?? {});
}

/** A list field over a pod's containers; nothing when the request carries no pod spec. */
function perContainer(kind: ContainerKind, pick: (c: Record<string, Json>, spec: Record<string, Json>) => string | undefined): Extractor {
  return (ev) => {
    const spec = podSpec(ev);
    if (!spec) return undefined;
    const out: string[] = [];
    for (const c of arr(spec[kind])) {
      const v = pick(obj(c) ?? {}, spec);
      if (v !== undefined) out.push(v);
    }
    return out;
  };
}

function securityContext(c: Record<string, Json>): Record<string, Json> {
  return obj(c.securityContext) ?? {};
}

function boolText(value: Json): string {
  return value === true ? 'true' : 'false';
}

function podFlag(key: string): Extractor {
  return (ev) => {
    const spec = podSpec(ev);
    return spec ? boolText(spec[key]) : undefined;
  };
}

function uriParams(ev: AuditEvent, name: string): string[] {
  const uri = textOf(ev.requestURI);
  if (!uri) return [];
  const q = uri.indexOf('?');
  if (q < 0) return [];
  return new URLSearchParams(uri.slice(q + 1)).getAll(name);
}

function hostPaths(ev: AuditEvent): string[] | undefined {
  const spec = podSpec(ev);
  if (!spec) return undefined;
  const out: string[] = [];
  for (const v of arr(spec.volumes)) {
    const p = obj(obj(v)?.hostPath)?.path;
    if (typeof p === 'string') out.push(p);
  }
  return out;
}

function roleRules(ev: AuditEvent): Record<string, Json>[] | undefined {
  const req = obj(ev.requestObject);
  if (!req || !Array.isArray(req.rules)) return undefined;
  return req.rules.map((r) => obj(r) ?? {});
}

function ruleItems(key: string): Extractor {
  return (ev) => {
    const rules = roleRules(ev);
    if (!rules) return undefined;
    const out: string[] = [];
    for (const r of rules) for (const item of arr(r[key])) if (typeof item === 'string') out.push(item);
    return out;
  };
}

function effective(c: Record<string, Json>, spec: Record<string, Json>, key: string, fallback: string): string {
  return str(securityContext(c)[key]) ?? str(obj(spec.securityContext)?.[key]) ?? fallback;
}

const simple = (description: string, extract: Extractor): FieldDef => ({ description, arg: 'none', make: () => extract });
const direct = (description: string, read: (ev: AuditEvent) => unknown): FieldDef => ({
  description,
  arg: 'none',
  make: () => (ev) => {
    const v = read(ev);
    return typeof v === 'string' ? v : str(v);
  },
  direct: true,
});

/** A list of strings the event holds directly (groups, source addresses); other items are shown as JSON. */
function strings(value: Json): readonly string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [str(value) ?? ''];
  return value.every((v) => typeof v === 'string') ? (value as string[]) : value.map((v) => str(v) ?? 'null');
}
const withArg = (description: string, make: (arg: string) => Extractor): FieldDef => ({ description, arg: 'required', make });

function containerFields(kind: ContainerKind, prefix: string): Record<string, FieldDef> {
  return {
    [`${prefix}.image`]: simple(`images of the pod's ${kind}`, perContainer(kind, (c) => str(c.image))),
    [`${prefix}.image.repository`]: simple(`image repositories (no tag or digest) of the pod's ${kind}`, perContainer(kind, (c) => (typeof c.image === 'string' ? imageRepository(c.image) : undefined))),
    [`${prefix}.privileged`]: simple(`securityContext.privileged of the pod's ${kind}`, perContainer(kind, (c) => boolText(securityContext(c).privileged))),
  };
}

function jsonFields(prefix: string): Record<string, FieldDef> {
  return {
    [`${prefix}.value`]: withArg('the value at a JSON pointer in the event', (arg) => {
      const path = parsePointer(arg) ?? [];
      return (ev) => str(walk(ev, path));
    }),
    [`${prefix}.obj`]: simple('the whole event as JSON', (ev) => JSON.stringify(ev)),
    // Seconds then nine fraction digits: at least ten characters (`k8s_audit_never_true` is rawtime=0).
    [`${prefix}.rawtime`]: { ...simple('event time in nanoseconds since the epoch', eventRawTime), values: /^-?\d{10,}$/ },
    [`${prefix}.time`]: simple('event time as logged', eventTimeText),
    [`${prefix}.time.iso8601`]: simple('event time as logged', eventTimeText),
  };
}

function isServiceAccount(name: string): boolean {
  return name.startsWith('system:serviceaccount:');
}

/** What kind of identity a user name is: the basis of "by a human" detections. */
export function identityKind(name: string): 'anonymous' | 'serviceaccount' | 'node' | 'system' | 'human' {
  if (name === 'system:anonymous' || name === '') return 'anonymous';
  if (isServiceAccount(name)) return 'serviceaccount';
  if (name.startsWith('system:node:')) return 'node';
  if (name.startsWith('system:') || name.startsWith('eks:') || name.endsWith('.iam.gserviceaccount.com')) return 'system';
  return 'human';
}

/**
 * Words of a command line that may name programs: every argument split at shell separators, reduced
 * to its file name. Over-inclusive on purpose: `sh -c "curl x | base64"` yields sh, curl, x, base64.
 */
export function commandPrograms(argv: readonly string[]): string[] {
  const out = new Set<string>();
  for (const arg of argv) {
    for (const word of arg.split(/[\s|;&()`$<>]+/)) {
      if (word === '' || word.startsWith('-')) continue;
      out.add(word.slice(word.lastIndexOf('/') + 1));
    }
  }
  return [...out];
}

const FIELDS: Record<string, FieldDef> = {
  'ka.auditid': direct('audit event id', (ev) => ev.auditID),
  'ka.stage': direct('audit stage', (ev) => ev.stage),
  'ka.auth.decision': direct('authorization decision', (ev) => ev.annotations?.['authorization.k8s.io/decision']),
  'ka.auth.reason': direct('authorization reason', (ev) => ev.annotations?.['authorization.k8s.io/reason']),
  'ka.auth.openshift.decision': simple('OpenShift authorization decision', (ev) => str(ev.annotations?.['openshift.io/decision'])),
  'ka.auth.openshift.username': simple('OpenShift user name', (ev) => str(ev.annotations?.['openshift.io/username'])),
  'ka.validations.admission.policy.failure': simple('ValidatingAdmissionPolicy failures', (ev) => str(ev.annotations?.['validation.policy.admission.k8s.io/validation_failure'])),
  'ka.user.name': direct('user name', (ev) => ev.user?.username),
  'ka.user.groups': simple('user groups', (ev) => strings(ev.user?.groups)),
  'ka.impuser.name': direct('impersonated user name', (ev) => ev.impersonatedUser?.username),
  'ka.verb': direct('verb', (ev) => ev.verb),
  'ka.uri': direct('request URI', (ev) => ev.requestURI),
  'ka.uri.param': withArg('first value of a query parameter of the request URI', (name) => (ev) => uriParams(ev, name)[0]),
  'ka.target.name': direct('target object name', (ev) => ev.objectRef?.name),
  'ka.target.namespace': direct('target object namespace', (ev) => ev.objectRef?.namespace),
  'ka.target.resource': direct('target resource', (ev) => ev.objectRef?.resource),
  'ka.target.subresource': direct('target subresource', (ev) => ev.objectRef?.subresource),
  'ka.target.pod.name': simple('target pod name', (ev) => (ev.objectRef?.resource === 'pods' ? str(ev.objectRef.name) : undefined)),
  'ka.req.binding.subjects': simple('subjects of the binding in the request', (ev) => {
    const req = obj(ev.requestObject);
    if (!req || !Array.isArray(req.subjects)) return undefined;
    return req.subjects.map((s) => str(obj(s)?.name) ?? '');
  }),
  'ka.req.binding.role': simple('role a binding refers to', (ev) => str(obj(obj(ev.requestObject)?.roleRef)?.name)),
  'ka.req.binding.subject.has_name': withArg('whether the binding has a subject of that name', (name) => (ev) => {
    const req = obj(ev.requestObject);
    if (!req || !Array.isArray(req.subjects)) return undefined;
    return boolText(req.subjects.some((s) => obj(s)?.name === name));
  }),
  'ka.req.configmap.name': simple('name of the configmap in the request', (ev) => str(obj(obj(ev.requestObject)?.metadata)?.name) ?? (ev.objectRef?.resource === 'configmaps' ? str(ev.objectRef.name) : undefined)),
  'ka.req.configmap.obj': simple('data of the configmap in the request, as JSON', (ev) => {
    const data = obj(ev.requestObject)?.data;
    return data === undefined ? undefined : JSON.stringify(data);
  }),
  ...containerFields('containers', 'ka.req.pod.containers'),
  ...containerFields('initContainers', 'ka.req.pod.initContainers'),
  ...containerFields('ephemeralContainers', 'ka.req.pod.ephemeralContainers'),
  'ka.req.container.image': simple('image of the first container (deprecated)', (ev) => str(containersOf(ev, 'containers')[0]?.image)),
  'ka.req.container.image.repository': simple('image repository of the first container (deprecated)', (ev) => {
    const image = containersOf(ev, 'containers')[0]?.image;
    return typeof image === 'string' ? imageRepository(image) : undefined;
  }),
  'ka.req.container.privileged': simple('whether any container is privileged (deprecated)', (ev) =>
    podSpec(ev) ? boolText(containersOf(ev, 'containers').some((c) => securityContext(c).privileged === true)) : undefined,
  ),
  'ka.req.container.host_network': simple('pod hostNetwork (deprecated)', podFlag('hostNetwork')),
  'ka.req.pod.host_ipc': simple('pod hostIPC', podFlag('hostIPC')),
  'ka.req.pod.host_network': simple('pod hostNetwork', podFlag('hostNetwork')),
  'ka.req.pod.host_pid': simple('pod hostPID', podFlag('hostPID')),
  'ka.req.pod.containers.host_port': simple('host ports of the containers', (ev) => {
    if (!podSpec(ev)) return undefined;
    const out: string[] = [];
    for (const c of containersOf(ev, 'containers')) for (const p of arr(c.ports)) {
      const hp = obj(p)?.hostPort;
      if (hp !== undefined) out.push(String(hp));
    }
    return out;
  }),
  'ka.req.pod.containers.allow_privilege_escalation': simple('allowPrivilegeEscalation of the containers', perContainer('containers', (c) => str(securityContext(c).allowPrivilegeEscalation) ?? 'true')),
  'ka.req.pod.containers.read_only_fs': simple('readOnlyRootFilesystem of the containers', perContainer('containers', (c) => boolText(securityContext(c).readOnlyRootFilesystem))),
  'ka.req.pod.run_as_user': simple('pod runAsUser', (ev) => str(obj(podSpec(ev)?.securityContext)?.runAsUser)),
  'ka.req.pod.containers.run_as_user': simple('container runAsUser', perContainer('containers', (c) => str(securityContext(c).runAsUser))),
  'ka.req.pod.containers.eff_run_as_user': simple('effective runAsUser of the containers', perContainer('containers', (c, spec) => effective(c, spec, 'runAsUser', '0'))),
  'ka.req.pod.run_as_group': simple('pod runAsGroup', (ev) => str(obj(podSpec(ev)?.securityContext)?.runAsGroup)),
  'ka.req.pod.containers.run_as_group': simple('container runAsGroup', perContainer('containers', (c) => str(securityContext(c).runAsGroup))),
  'ka.req.pod.containers.eff_run_as_group': simple('effective runAsGroup of the containers', perContainer('containers', (c, spec) => effective(c, spec, 'runAsGroup', '0'))),
  'ka.req.pod.containers.proc_mount': simple('procMount of the containers', perContainer('containers', (c) => str(securityContext(c).procMount) ?? 'Default')),
  'ka.req.pod.fs_group': simple('pod fsGroup', (ev) => str(obj(podSpec(ev)?.securityContext)?.fsGroup)),
  'ka.req.pod.supplemental_groups': simple('pod supplementalGroups', (ev) => {
    const spec = podSpec(ev);
    return spec ? arr(obj(spec.securityContext)?.supplementalGroups).map((g) => String(g)) : undefined;
  }),
  'ka.req.pod.containers.add_capabilities': simple('capabilities added by the containers', (ev) => {
    if (!podSpec(ev)) return undefined;
    const out: string[] = [];
    for (const c of containersOf(ev, 'containers')) for (const cap of arr(obj(securityContext(c).capabilities)?.add)) out.push(String(cap));
    return out;
  }),
  'ka.req.role.rules': simple('rules of the role in the request', (ev) => roleRules(ev)?.map((r) => JSON.stringify(r))),
  'ka.req.role.rules.apiGroups': simple('apiGroups of the role rules', ruleItems('apiGroups')),
  'ka.req.role.rules.nonResourceURLs': simple('nonResourceURLs of the role rules', ruleItems('nonResourceURLs')),
  'ka.req.role.rules.verbs': simple('verbs of the role rules', ruleItems('verbs')),
  'ka.req.role.rules.resources': simple('resources of the role rules', ruleItems('resources')),
  'ka.req.service.type': simple('service type', (ev) => (ev.objectRef?.resource === 'services' ? str(obj(obj(ev.requestObject)?.spec)?.type) : undefined)),
  'ka.req.service.ports': simple('service ports, as JSON', (ev) => {
    const ports = obj(obj(ev.requestObject)?.spec)?.ports;
    return ports === undefined ? undefined : JSON.stringify(ports);
  }),
  'ka.req.pod.volumes.hostpath': simple('hostPath paths of the pod volumes', hostPaths),
  'ka.req.volume.hostpath': withArg('whether a hostPath volume mounts that path (a trailing * matches a prefix; deprecated)', (pattern) => {
    const prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : undefined;
    return (ev) => {
      const paths = hostPaths(ev);
      if (!paths) return undefined;
      return boolText(paths.some((p) => (prefix !== undefined ? p.startsWith(prefix) : p === pattern)));
    };
  }),
  'ka.req.pod.volumes.flexvolume_driver': simple('flexVolume drivers of the pod volumes', (ev) => {
    const spec = podSpec(ev);
    if (!spec) return undefined;
    const out: string[] = [];
    for (const v of arr(spec.volumes)) {
      const d = obj(obj(v)?.flexVolume)?.driver;
      if (typeof d === 'string') out.push(d);
    }
    return out;
  }),
  'ka.req.pod.volumes.volume_type': simple('volume types of the pod volumes', (ev) => {
    const spec = podSpec(ev);
    if (!spec) return undefined;
    return arr(spec.volumes).flatMap((v) => Object.keys(obj(v) ?? {}).filter((k) => k !== 'name'));
  }),
  'ka.resp.name': simple('name of the object in the response', (ev) => str(obj(obj(ev.responseObject)?.metadata)?.name)),
  'ka.response.code': simple('response code', (ev) => str(ev.responseStatus?.code)),
  'ka.response.reason': direct('response reason', (ev) => ev.responseStatus?.reason),
  'ka.useragent': direct('user agent', (ev) => ev.userAgent),
  'ka.sourceips': simple('source IPs', (ev) => strings(ev.sourceIPs)),
  ...jsonFields('jevt'),
  ...jsonFields('json'),
  'sk.user.name': simple('the acting identity: the impersonated user if any, else the user', (ev) => actingUser(ev)),
  'sk.user.kind': simple('kind of the acting identity: human, serviceaccount, node, system or anonymous', (ev) => identityKind(actingUser(ev))),
  'sk.exec.argv': simple('the command of an exec request, one item per argument', (ev) => (ev.objectRef?.subresource === 'exec' ? uriParams(ev, 'command') : undefined)),
  'sk.exec.command': simple('the command of an exec request, arguments joined by spaces', (ev) => (ev.objectRef?.subresource === 'exec' ? uriParams(ev, 'command').join(' ') : undefined)),
  'sk.exec.programs': simple('file names of every program an exec command line mentions, including inside sh -c scripts', (ev) =>
    ev.objectRef?.subresource === 'exec' ? commandPrograms(uriParams(ev, 'command')) : undefined,
  ),
  'sk.exec.binary': simple('file name of the program an exec request runs (no directory)', (ev) => {
    if (ev.objectRef?.subresource !== 'exec') return undefined;
    const first = uriParams(ev, 'command')[0];
    return first === undefined ? undefined : first.slice(first.lastIndexOf('/') + 1);
  }),
};

export type FieldLookup = { extract: Extractor; direct: boolean; values?: RegExp } | { error: string };

/** Resolves `name` (and its `[argument]`) to an extractor, or explains why it cannot. */
export function resolveField(name: string, arg: string | undefined): FieldLookup {
  const def = FIELDS[name];
  if (!def) return { error: `unknown field ${name}` };
  if (def.arg === 'none' && arg !== undefined) return { error: `field ${name} takes no argument` };
  if (def.arg === 'required' && arg === undefined) return { error: `field ${name} needs an argument: ${name}[...]` };
  if ((name === 'jevt.value' || name === 'json.value') && parsePointer(arg ?? '') === undefined) {
    return { error: `field ${name}[${arg}]: the argument must be a JSON pointer starting with /` };
  }
  return { extract: def.make(arg ?? ''), direct: def.direct === true, values: def.values };
}

export function fieldNames(): { name: string; description: string; argument: boolean }[] {
  return Object.entries(FIELDS).map(([name, def]) => ({ name, description: def.description, argument: def.arg === 'required' }));
}
