import { request, type RequestOptions } from 'node:https';
import { request as plainRequest } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { InputError, UsageError } from '../../core/errors.js';

export interface ConnectOptions {
  /** Kubeconfig file; default: KUBECONFIG, ~/.kube/config, else the pod's service account. */
  kubeconfig?: string;
  /** Context of the kubeconfig to use instead of its current context. */
  context?: string;
  /** An already loaded configuration (the operator in a pod, tests). */
  kubeConfig?: KubeConfig;
  /** Deadline of one API request. */
  timeoutMs?: number;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A read-only connection to one API server. The official client resolves the kubeconfig and
 * every authentication it supports (certificates, tokens, exec plugins, in-cluster service
 * account); requests are plain HTTPS so that lists arrive as the API's own JSON, with every field
 * the analysers read, instead of the client's typed models.
 */
export class ClusterClient {
  private constructor(
    readonly kubeConfig: KubeConfig,
    readonly server: string,
    readonly contextName: string,
    private readonly requestOptions: RequestOptions,
    private readonly timeoutMs: number,
  ) {}

  static async connect(options: ConnectOptions = {}): Promise<ClusterClient> {
    const kc = options.kubeConfig ?? loadKubeConfig(options.kubeconfig);
    if (options.context !== undefined) {
      const names = kc.getContexts().map((c) => c.name);
      if (!names.includes(options.context)) {
        throw new UsageError(`--context: no context "${options.context}" in the kubeconfig (known: ${names.join(', ') || 'none'})`);
      }
      kc.setCurrentContext(options.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new UsageError('no cluster configured: give --kubeconfig, set KUBECONFIG, or run inside a pod');
    const requestOptions: RequestOptions = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(requestOptions);
    } catch (error) {
      throw new UsageError(`cannot set up credentials for context "${kc.getCurrentContext()}": ${firstLine(error)}`);
    }
    return new ClusterClient(kc, cluster.server.replace(/\/+$/, ''), kc.getCurrentContext(), requestOptions, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  /** GETs an API path; the body is parsed JSON (or the text when it is not JSON). */
  get(path: string, accept = 'application/json'): Promise<ApiResponse> {
    return this.send('GET', path, accept, undefined);
  }

  /** Sends a JSON body (the operator writes its reports this way). */
  sendJson(method: 'POST' | 'PUT', path: string, body: unknown): Promise<ApiResponse> {
    return this.send(method, path, 'application/json', { text: JSON.stringify(body), contentType: 'application/json' });
  }

  private send(method: string, path: string, accept: string, body: { text: string; contentType: string } | undefined): Promise<ApiResponse> {
    const url = new URL(this.server + path);
    const headers: Record<string, string | number> = { ...(this.requestOptions.headers as Record<string, string>), Accept: accept };
    if (body) {
      headers['Content-Type'] = body.contentType;
      headers['Content-Length'] = Buffer.byteLength(body.text);
    }
    const send = url.protocol === 'http:' ? plainRequest : request;
    return new Promise<ApiResponse>((resolve, reject) => {
      const req = send(url, { ...this.requestOptions, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(this.unreachable(error)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            // Not JSON (a proxy's HTML error page): callers report the status with the text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs < 1000 ? `${this.timeoutMs} ms` : `${Math.round(this.timeoutMs / 1000)} s`}`)));
      req.on('error', (error) => reject(this.unreachable(error)));
      req.end(body?.text);
    });
  }

  private unreachable(error: unknown): InputError {
    const code = (error as NodeJS.ErrnoException).code;
    return new InputError('cluster', undefined, `cannot reach ${this.server}: ${code ?? firstLine(error)}`);
  }
}

function loadKubeConfig(file: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (file !== undefined) kc.loadFromFile(file);
    else kc.loadFromDefault();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot load kubeconfig${file !== undefined ? ` ${file}` : ''}: ${code === 'ENOENT' ? 'no such file' : firstLine(error)}`);
  }
  return kc;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** The message of a failed API call: the Status object's message when the server sent one. */
export function statusMessage(response: ApiResponse): string {
  const body = response.body;
  if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
    return `${response.status} ${(body as { message: string }).message}`;
  }
  return `HTTP ${response.status}`;
}
