import type { IncomingMessage } from 'node:http';
import type { Analyzer } from '../analyzers/analyzer.js';
import { readLayer } from '../fs/layer.js';
import {
  checkManifest,
  DEFAULT_PLATFORM,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  inOrder,
  isIndex,
  MEDIA,
  parseJson,
  type Platform,
  type ReadImage,
  selectPlatform,
  sha256,
  verifyDigest,
  verifyLayer,
} from '../layout/manifest.js';
import { type Credentials, readDockerConfig } from './credentials.js';
import { get, header, type HttpOptions, parseChallenge, readBody, RegistryError } from './http.js';
import { formatReference, type ImageReference, parseReference } from './reference.js';

export interface RegistryOptions {
  platform?: Platform;
  /** Allows plain HTTP; without it only HTTPS is spoken. */
  insecure?: boolean;
  /** PEM CA certificates to trust for this registry. */
  caCert?: Buffer;
  /** Explicit credentials; otherwise the Docker config is consulted. */
  credentials?: Credentials;
  /** Directory holding the Docker `config.json` (default `$DOCKER_CONFIG` or `~/.docker`). */
  dockerConfigDir?: string;
  timeoutMs?: number;
  /** Layers downloaded at once. */
  concurrency?: number;
}

const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest].join(', ');
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
const TRANSIENT = new Set([429, 502, 503, 504]);
const MAX_RETRIES = 3;
const MAX_RETRY_WAIT_MS = 10_000;

/** One repository on one registry, spoken to over the OCI Distribution API with the auth it asks for. */
export class RegistryClient {
  private authorization?: string;
  private readonly http: HttpOptions;
  private readonly base: string;
  readonly notes: string[] = [];
  private credentialsLooked = false;
  private credentials?: Credentials;

  constructor(
    readonly ref: ImageReference,
    private readonly options: RegistryOptions = {},
  ) {
    this.http = { timeoutMs: options.timeoutMs ?? 60_000, ...(options.caCert ? { ca: options.caCert } : {}) };
    this.base = `${options.insecure ? 'http' : 'https'}://${ref.apiHost}/v2/${ref.repository}`;
    this.credentials = options.credentials;
    if (options.credentials) this.credentialsLooked = true;
  }

  private lookUpCredentials(): Credentials | undefined {
    if (!this.credentialsLooked) {
      this.credentialsLooked = true;
      const answer = readDockerConfig(this.ref.registry, this.options.dockerConfigDir);
      this.credentials = answer.credentials;
      if (answer.helper) this.notes.push(`${this.ref.registry}: Docker config names credential helper ${answer.helper}, which is not run; pulling anonymously`);
    }
    return this.credentials;
  }

  /**
   * GET under the repository. Registries shed load with 429/502/503/504 (Docker Hub's pull limits,
   * proxies restarting): those are retried a few times, honouring a short Retry-After.
   */
  private async fetch(path: string, accept?: string): Promise<IncomingMessage> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.fetchOnce(path, accept);
      if (!TRANSIENT.has(res.statusCode ?? 0) || attempt >= MAX_RETRIES) return res;
      res.resume();
      const retryAfter = Number(header(res.headers, 'retry-after'));
      const waitMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter * 1000, MAX_RETRY_WAIT_MS) : 250 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** One GET, answering one authentication challenge if the registry raises it. */
  private async fetchOnce(path: string, accept?: string): Promise<IncomingMessage> {
    const url = new URL(`${this.base}/${path}`);
    const headers = (): Record<string, string> => ({
      ...(accept ? { Accept: accept } : {}),
      ...(this.authorization ? { Authorization: this.authorization } : {}),
    });
    let res = await get(url, headers(), this.http);
    if (res.statusCode === 401) {
      const challenge = header(res.headers, 'www-authenticate');
      res.resume();
      await this.authenticate(challenge, url);
      res = await get(url, headers(), this.http);
      if (res.statusCode === 401) {
        res.resume();
        throw new RegistryError(`${this.ref.registry}: access to ${this.ref.repository} denied with the ${this.credentials ? 'given credentials' : 'anonymous token'}`);
      }
    }
    return res;
  }

  private async authenticate(challengeText: string | undefined, url: URL): Promise<void> {
    if (!challengeText) throw new RegistryError(`${this.ref.registry}: 401 without a WWW-Authenticate challenge`);
    const { scheme, params } = parseChallenge(challengeText);
    const credentials = this.lookUpCredentials();
    if (scheme === 'basic') {
      if (!credentials) throw new RegistryError(`${this.ref.registry}: requires a login (basic auth) and no credentials were found (docker login, or --username with STOCKADE_REGISTRY_PASSWORD)`);
      this.refuseCleartext(url);
      this.authorization = basic(credentials);
      return;
    }
    if (scheme !== 'bearer' || !params.realm) throw new RegistryError(`${this.ref.registry}: unsupported authentication challenge "${challengeText.slice(0, 80)}"`);
    const realm = new URL(params.realm);
    if (realm.protocol !== 'https:' && !this.options.insecure) throw new RegistryError(`${this.ref.registry}: token service ${realm.origin} is not HTTPS (use --insecure-registry to allow it)`);
    if (params.service) realm.searchParams.set('service', params.service);
    realm.searchParams.set('scope', params.scope ?? `repository:${this.ref.repository}:pull`);
    const res = await get(realm, credentials ? { Authorization: basic(credentials) } : {}, this.http);
    const body = await readBody(res, 1024 * 1024, `token from ${realm.host}`);
    if (res.statusCode !== 200) throw new RegistryError(`${realm.host}: token request refused (HTTP ${res.statusCode})${credentials ? '; check the credentials' : ''}`);
    const answer = parseJson<{ token?: string; access_token?: string }>(body, `token from ${realm.host}`);
    const token = answer.token ?? answer.access_token;
    if (!token) throw new RegistryError(`${realm.host}: token response has no token`);
    this.authorization = `Bearer ${token}`;
  }

  private refuseCleartext(url: URL): void {
    if (url.protocol !== 'https:' && !this.options.insecure) throw new RegistryError(`${url.host}: refusing to send credentials over plain HTTP`);
  }

  private async expectOk(res: IncomingMessage, what: string): Promise<void> {
    if (res.statusCode === 200) return;
    const body = (await readBody(res, 64 * 1024, what).catch(() => Buffer.alloc(0))).toString('utf8');
    let detail = '';
    try {
      const errors = (JSON.parse(body) as { errors?: { code?: string; message?: string }[] }).errors;
      if (errors?.length) detail = `: ${errors.map((e) => [e.code, e.message].filter(Boolean).join(' ')).join('; ')}`;
    } catch {
      // A proxy's HTML error page has nothing worth quoting.
    }
    throw new RegistryError(`${what}: HTTP ${res.statusCode}${detail}`);
  }

  /** Fetches a manifest or index; by digest it must hash to that digest, by tag to the digest the registry announces. */
  async manifest(reference: string): Promise<{ bytes: Buffer; digest: string; mediaType?: string }> {
    const what = `${this.ref.registry}/${this.ref.repository} manifest ${reference}`;
    const res = await this.fetch(`manifests/${reference}`, MANIFEST_ACCEPT);
    await this.expectOk(res, what);
    const bytes = await readBody(res, MAX_DOCUMENT_BYTES, what);
    const announced = header(res.headers, 'docker-content-digest');
    if (reference.startsWith('sha256:')) verifyDigest(bytes, reference, what);
    else if (announced?.startsWith('sha256:')) verifyDigest(bytes, announced, what);
    const mediaType = header(res.headers, 'content-type')?.split(';')[0].trim();
    return { bytes, digest: sha256(bytes), ...(mediaType ? { mediaType } : {}) };
  }

  async blob(digest: string): Promise<IncomingMessage> {
    const res = await this.fetch(`blobs/${digest}`);
    await this.expectOk(res, `${this.ref.registry}/${this.ref.repository} blob ${digest}`);
    return res;
  }

  async smallBlob(digest: string, what: string): Promise<Buffer> {
    const bytes = await readBody(await this.blob(digest), MAX_DOCUMENT_BYTES, what);
    verifyDigest(bytes, digest, what);
    return bytes;
  }
}

function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** Pulls an image from a registry and reads every layer as a stream; nothing is stored. */
export async function readRegistryImage(reference: string, analyzers: readonly Analyzer[], options: RegistryOptions = {}): Promise<ReadImage> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref, options);
  const platform = options.platform ?? DEFAULT_PLATFORM;
  let fetched = await client.manifest(ref.digest ?? ref.tag ?? 'latest');
  let doc = parseJson<ImageManifest & ImageIndex>(fetched.bytes, `manifest of ${formatReference(ref)}`);
  if (isIndex({ mediaType: doc.mediaType ?? fetched.mediaType, manifests: doc.manifests })) {
    const chosen = selectPlatform(doc, platform, `image index of ${formatReference(ref)}`);
    fetched = await client.manifest(chosen.digest);
    verifyDigest(fetched.bytes, chosen.digest, `manifest ${chosen.digest}`);
    doc = parseJson<ImageManifest & ImageIndex>(fetched.bytes, `manifest ${chosen.digest}`);
  }
  const manifest: ImageManifest = doc;
  checkManifest(manifest, `manifest of ${formatReference(ref)}`);
  const config = parseJson<ImageConfig>(await client.smallBlob(manifest.config.digest, 'image config'), `config ${manifest.config.digest}`);
  const diffIds = config.rootfs?.diff_ids;
  const layers = await inOrder(manifest.layers, options.concurrency ?? 3, async (layer, i) => {
    const record = await readLayer(await client.blob(layer.digest), analyzers, `layer ${layer.digest}`);
    verifyLayer(record, layer, diffIds?.[i], formatReference(ref));
    return { digest: layer.digest, ...(layer.mediaType ? { mediaType: layer.mediaType } : {}), ...(layer.size !== undefined ? { size: layer.size } : {}), record };
  });
  return {
    source: 'registry',
    name: formatReference(ref),
    manifestDigest: fetched.digest,
    annotations: manifest.annotations ?? {},
    config,
    layers,
    notes: client.notes,
  };
}
