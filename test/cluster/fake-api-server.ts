import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for kube-apiserver, for tests and benchmarks: there is no real API server on the
 * machines that run them. It speaks the API's real shapes over HTTPS: discovery (/api, /apis,
 * group versions), lists with limit/continue and resourceVersion (items without apiVersion and
 * kind, as on the wire), metadata-only lists (PartialObjectMetadataList), 403 Status objects,
 * watches as JSON lines, object create/replace, the node proxy's configz; and both bearer-token
 * and client-certificate authentication.
 */

interface ServedKind {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
}

/** Built-in kinds at the version the server stores them (older apiVersions are converted, as the real server does). */
const BUILTIN: ServedKind[] = [
  ['', 'v1', 'Namespace', 'namespaces', false],
  ['', 'v1', 'Node', 'nodes', false],
  ['', 'v1', 'Pod', 'pods', true],
  ['', 'v1', 'Service', 'services', true],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true],
  ['', 'v1', 'ConfigMap', 'configmaps', true],
  ['', 'v1', 'Secret', 'secrets', true],
  ['', 'v1', 'ReplicationController', 'replicationcontrollers', true],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', false],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', true],
  ['', 'v1', 'LimitRange', 'limitranges', true],
  ['apps', 'v1', 'Deployment', 'deployments', true],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true],
  ['batch', 'v1', 'Job', 'jobs', true],
  ['batch', 'v1', 'CronJob', 'cronjobs', true],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true],
  ['networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  ['node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', false],
  ['admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false],
  ['admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false],
  ['wgpolicyk8s.io', 'v1alpha2', 'PolicyReport', 'policyreports', true],
  ['wgpolicyk8s.io', 'v1alpha2', 'ClusterPolicyReport', 'clusterpolicyreports', false],
].map(([group, version, kind, resource, namespaced]) => ({ group, version, kind, resource, namespaced }) as ServedKind);

export type JsonObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata?: Record<string, unknown> };

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  accept: string;
  /** How the caller authenticated. */
  identity: 'token' | 'certificate';
}

export interface FakeApiOptions {
  tls: { cert: string; key: string; ca: string };
  /** Bearer token accepted; a client certificate signed by `tls.ca` is accepted too. */
  token: string;
  /** Resources (`secrets`, `clusterrolebindings.rbac.authorization.k8s.io`) the caller may not list or watch. */
  forbidden?: string[];
  /** Largest page the server sends whatever `limit` asks (real servers cap too). */
  maxPage?: number;
  /** Live kubelet configurations by node name; a node without one answers 404, none at all 403. */
  configz?: Record<string, Record<string, unknown>>;
  /** Answers each list request's first page after this delay (simulates a remote server). */
  latencyMs?: number;
}

interface Watcher {
  kind: ServedKind;
  namespace?: string;
  res: ServerResponse;
}

export class FakeApiServer {
  private readonly kinds = new Map<string, ServedKind>();
  private readonly stores = new Map<ServedKind, Map<string, JsonObject>>();
  private readonly pagedLists = new Map<string, { items: JsonObject[]; rv: string }>();
  private readonly watchers = new Set<Watcher>();
  private revision = 1;
  private server: Server | undefined;
  readonly requests: RecordedRequest[] = [];
  url = '';

  constructor(private readonly options: FakeApiOptions) {
    for (const k of BUILTIN) this.kinds.set(kindKey(k.group, k.kind), k);
  }

  /** Stores objects as `kubectl apply` would: a namespaced object without namespace goes to `default`. */
  load(objects: Iterable<JsonObject>): void {
    for (const object of objects) this.apply(object, false);
  }

  /** Creates or replaces an object and tells the watchers; returns the stored copy. */
  apply(object: JsonObject, notify = true): JsonObject {
    const kind = this.kindOf(object);
    const stored = structuredClone(object);
    stored.apiVersion = kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
    const metadata = (stored.metadata ??= {});
    if (kind.namespaced && typeof metadata.namespace !== 'string') metadata.namespace = 'default';
    if (!kind.namespaced) delete metadata.namespace;
    const store = this.storeOf(kind);
    const key = objectKey(metadata);
    const existed = store.has(key);
    metadata.resourceVersion = String(++this.revision);
    metadata.uid ??= `uid-${this.revision}`;
    store.set(key, stored);
    if (notify) this.notify(kind, existed ? 'MODIFIED' : 'ADDED', stored);
    return stored;
  }

  delete(object: JsonObject): void {
    const kind = this.kindOf(object);
    const store = this.storeOf(kind);
    const key = objectKey(object.metadata ?? {});
    const stored = store.get(key);
    if (!stored) return;
    store.delete(key);
    stored.metadata!.resourceVersion = String(++this.revision);
    this.notify(kind, 'DELETED', stored);
  }

  /** Objects of a kind as stored (for assertions on what the operator wrote). */
  objectsOf(group: string, kind: string): JsonObject[] {
    const served = this.kinds.get(kindKey(group, kind));
    return served ? [...(this.stores.get(served)?.values() ?? [])] : [];
  }

  async start(): Promise<string> {
    const server = createServer({ cert: this.options.tls.cert, key: this.options.tls.key, ca: this.options.tls.ca, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.status(res, 500, 'InternalError', String(error));
      });
    });
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Open watch connections (tests wait for the operator to be watching before changing objects). */
  get watchCount(): number {
    return this.watchers.size;
  }

  private kindOf(object: JsonObject): ServedKind {
    const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.indexOf('/')) : '';
    // Workloads once served from extensions/ are the apps/ kinds today.
    const known = this.kinds.get(kindKey(group, object.kind)) ?? this.kinds.get(kindKey(group === 'extensions' ? 'apps' : group, object.kind));
    if (known) return known;
    const version = object.apiVersion.slice(object.apiVersion.indexOf('/') + 1);
    const lower = object.kind.toLowerCase();
    const resource = lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : lower.endsWith('s') ? `${lower}es` : `${lower}s`;
    const served: ServedKind = { group, version, kind: object.kind, resource, namespaced: !object.kind.startsWith('Cluster') };
    this.kinds.set(kindKey(group, object.kind), served);
    return served;
  }

  private storeOf(kind: ServedKind): Map<string, JsonObject> {
    let store = this.stores.get(kind);
    if (!store) this.stores.set(kind, (store = new Map()));
    return store;
  }

  private authenticate(req: IncomingMessage): RecordedRequest['identity'] | undefined {
    const auth = req.headers.authorization;
    if (auth === `Bearer ${this.options.token}`) return 'token';
    const socket = req.socket as TLSSocket;
    if (socket.authorized && socket.getPeerCertificate().subject) return 'certificate';
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://fake');
    const identity = this.authenticate(req);
    if (!identity) return this.status(res, 401, 'Unauthorized', 'Unauthorized');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname, query: url.searchParams, accept: String(req.headers.accept ?? ''), identity });
    const parts = url.pathname.split('/').filter(Boolean);

    if (method === 'GET' && url.pathname === '/api') return this.json(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (method === 'GET' && url.pathname === '/apis') return this.json(res, 200, this.groupList());
    if (method === 'GET' && (url.pathname === '/api/v1' || (parts[0] === 'apis' && parts.length === 3))) {
      const group = parts[0] === 'api' ? '' : parts[1]!;
      const version = parts[0] === 'api' ? 'v1' : parts[2]!;
      return this.json(res, 200, this.resourceList(group, version));
    }
    if (method === 'GET' && parts[0] === 'api' && parts[2] === 'nodes' && parts[4] === 'proxy' && parts[5] === 'configz') {
      const configz = this.options.configz;
      if (!configz) return this.status(res, 403, 'Forbidden', `nodes "${parts[3]}" is forbidden: cannot get resource "nodes/proxy"`);
      const config = configz[decodeURIComponent(parts[3]!)];
      if (!config) return this.status(res, 404, 'NotFound', `nodes "${parts[3]}" not found`);
      return this.json(res, 200, { kubeletconfig: config });
    }

    const target = this.resolve(parts);
    if (!target) return this.status(res, 404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
    const { kind, namespace, name } = target;
    const resourceName = kind.group === '' ? kind.resource : `${kind.resource}.${kind.group}`;
    if (this.options.forbidden?.includes(resourceName)) {
      return this.status(res, 403, 'Forbidden', `${resourceName} is forbidden: User "stockade-reader" cannot list resource "${kind.resource}" in API group "${kind.group}" at the cluster scope`);
    }
    if (method === 'GET' && name === undefined && url.searchParams.get('watch') === 'true') return this.watch(res, kind, namespace, url.searchParams);
    if (method === 'GET' && name === undefined) return this.list(res, kind, namespace, url.searchParams, String(req.headers.accept ?? ''));
    if (method === 'GET') {
      const object = this.storeOf(kind).get(`${namespace ?? ''}/${name}`);
      return object ? this.json(res, 200, object) : this.status(res, 404, 'NotFound', `${kind.resource} "${name}" not found`);
    }
    if (method === 'POST' || method === 'PUT') {
      const body = JSON.parse(await readBody(req)) as JsonObject;
      const key = objectKey({ ...(body.metadata ?? {}), namespace: namespace ?? body.metadata?.namespace });
      const exists = this.storeOf(kind).has(key);
      if (method === 'POST' && exists) return this.status(res, 409, 'AlreadyExists', `${kind.resource} "${String(body.metadata?.name)}" already exists`);
      if (method === 'PUT' && !exists) return this.status(res, 404, 'NotFound', `${kind.resource} "${name}" not found`);
      if (namespace !== undefined) body.metadata = { ...(body.metadata ?? {}), namespace };
      return this.json(res, method === 'POST' ? 201 : 200, this.apply(body));
    }
    if (method === 'DELETE' && name !== undefined) {
      const object = this.storeOf(kind).get(`${namespace ?? ''}/${name}`);
      if (!object) return this.status(res, 404, 'NotFound', `${kind.resource} "${name}" not found`);
      this.delete(object);
      return this.json(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
    }
    return this.status(res, 405, 'MethodNotAllowed', `${method} is not supported`);
  }

  private resolve(parts: string[]): { kind: ServedKind; namespace?: string; name?: string } | undefined {
    let rest: string[];
    let group: string;
    let version: string;
    if (parts[0] === 'api' && parts[1] === 'v1') {
      group = '';
      version = 'v1';
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 4) {
      group = parts[1]!;
      version = parts[2]!;
      rest = parts.slice(3);
    } else return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = decodeURIComponent(rest[1]!);
      rest = rest.slice(2);
    }
    const kind = [...this.kinds.values()].find((k) => k.group === group && k.version === version && k.resource === rest[0]);
    if (!kind || rest.length > 2) return undefined;
    const out: { kind: ServedKind; namespace?: string; name?: string } = { kind };
    if (namespace !== undefined) out.namespace = namespace;
    if (rest[1] !== undefined) out.name = decodeURIComponent(rest[1]);
    return out;
  }

  private groupList(): unknown {
    const groups = new Map<string, string>();
    for (const k of this.kinds.values()) if (k.group !== '') groups.set(k.group, k.version);
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, version]) => ({
        name,
        versions: [{ groupVersion: `${name}/${version}`, version }],
        preferredVersion: { groupVersion: `${name}/${version}`, version },
      })),
    };
  }

  private resourceList(group: string, version: string): unknown {
    const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
    const resources = [...this.kinds.values()]
      .filter((k) => k.group === group && k.version === version)
      .flatMap((k) => [
        { name: k.resource, singularName: k.kind.toLowerCase(), namespaced: k.namespaced, kind: k.kind, verbs },
        { name: `${k.resource}/status`, singularName: '', namespaced: k.namespaced, kind: k.kind, verbs: ['get', 'patch', 'update'] },
      ]);
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
  }

  private async list(res: ServerResponse, kind: ServedKind, namespace: string | undefined, query: URLSearchParams, accept: string): Promise<void> {
    const continueToken = query.get('continue');
    let page: { items: JsonObject[]; rv: string };
    if (continueToken) {
      const saved = this.pagedLists.get(continueToken.split(':')[0]!);
      if (!saved) return this.status(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
      page = saved;
    } else {
      if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
      const items = [...this.storeOf(kind).values()].filter((o) => namespace === undefined || o.metadata?.namespace === namespace);
      items.sort((a, b) => objectKey(a.metadata ?? {}).localeCompare(objectKey(b.metadata ?? {})));
      page = { items, rv: String(this.revision) };
    }
    const offset = continueToken ? Number(continueToken.split(':')[1]) : 0;
    const requested = Number(query.get('limit') ?? '0');
    const cap = this.options.maxPage ?? 500;
    const size = requested > 0 ? Math.min(requested, cap) : page.items.length;
    const slice = page.items.slice(offset, offset + size);
    const metadata: Record<string, unknown> = { resourceVersion: page.rv };
    if (offset + size < page.items.length) {
      const id = continueToken ? continueToken.split(':')[0]! : `list${this.pagedLists.size + 1}-${page.rv}`;
      this.pagedLists.set(id, page);
      metadata.continue = `${id}:${offset + size}`;
      metadata.remainingItemCount = page.items.length - offset - size;
    }
    const metadataOnly = /as=PartialObjectMetadataList/.test(accept);
    const items = slice.map((o) => {
      if (metadataOnly) return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: o.metadata };
      const { apiVersion: _apiVersion, kind: _kind, ...rest } = o;
      return rest;
    });
    const listKind = metadataOnly ? 'PartialObjectMetadataList' : `${kind.kind}List`;
    const listApiVersion = metadataOnly ? 'meta.k8s.io/v1' : kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
    this.json(res, 200, { kind: listKind, apiVersion: listApiVersion, metadata, items });
  }

  private watch(res: ServerResponse, kind: ServedKind, namespace: string | undefined, query: URLSearchParams): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const watcher: Watcher = { kind, res };
    if (namespace !== undefined) watcher.namespace = namespace;
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
    const timeout = Number(query.get('timeoutSeconds') ?? '0');
    if (timeout > 0) setTimeout(() => res.end(), timeout * 1000).unref();
  }

  private notify(kind: ServedKind, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: JsonObject): void {
    for (const w of this.watchers) {
      if (w.kind !== kind) continue;
      if (w.namespace !== undefined && object.metadata?.namespace !== w.namespace) continue;
      w.res.write(`${JSON.stringify({ type, object })}\n`);
    }
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    this.json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  }
}

function kindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

function objectKey(metadata: Record<string, unknown>): string {
  return `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${String(metadata.name)}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
