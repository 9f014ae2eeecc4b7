import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../core/k8s/object.js';

export interface ApiLookups {
  getPod(namespace: string, name: string): Promise<KubeObject>;
  namespaceLabels(namespace: string): Promise<Record<string, string>>;
}

export interface LookupOptions {
  /** How long an answer is reused: short, so a pod that turned privileged is seen soon. */
  ttlMs?: number;
  /** Each API call's deadline, well inside the webhook's own timeout. */
  timeoutMs?: number;
  now?: () => number;
}

/** In-cluster when running in a pod, else the user's kubeconfig (KUBECONFIG or ~/.kube/config). */
export function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}

/**
 * Pod and namespace lookups through the official client, with a short-lived cache shared by
 * concurrent requests. Failures are not cached and reject, so callers fail closed.
 */
export function apiLookups(kc: KubeConfig, options: LookupOptions = {}): ApiLookups {
  const api = kc.makeApiClient(CoreV1Api);
  const ttl = options.ttlMs ?? 2000;
  const timeout = options.timeoutMs ?? 2000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { expires: number; value: Promise<unknown> }>();

  function cached<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.value as Promise<T>;
    const value = withDeadline(fetch(), timeout, key);
    cache.set(key, { expires: now() + ttl, value });
    value.catch(() => cache.delete(key));
    if (cache.size > 10_000) for (const [k, v] of cache) if (v.expires <= now()) cache.delete(k);
    return value;
  }

  return {
    getPod: (namespace, name) =>
      cached(`pod/${namespace}/${name}`, async () => {
        const pod = (await api.readNamespacedPod({ name, namespace })) as unknown as Record<string, unknown>;
        // The client's models drop nothing the guard reads; apiVersion/kind are set by the API.
        return { ...pod, apiVersion: (pod.apiVersion as string | undefined) ?? 'v1', kind: (pod.kind as string | undefined) ?? 'Pod' } as KubeObject;
      }),
    namespaceLabels: (namespace) =>
      cached(`namespace/${namespace}`, async () => {
        const ns = await api.readNamespace({ name: namespace });
        return ns.metadata?.labels ?? {};
      }),
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Kubernetes API did not answer for ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise.catch((error: unknown) => Promise.reject(apiError(error))), deadline]).finally(() => clearTimeout(timer));
}

/** The client's ApiException spreads the API's Status over several lines; keep its code and message. */
function apiError(error: unknown): Error {
  const { code, body } = error as { code?: unknown; body?: unknown };
  if (typeof code !== 'number') return error instanceof Error ? error : new Error(String(error));
  let message: unknown;
  try {
    message = (typeof body === 'string' ? (JSON.parse(body) as { message?: unknown }) : (body as { message?: unknown } | undefined))?.message;
  } catch {
    message = undefined;
  }
  return new Error(`Kubernetes API answered ${code}${typeof message === 'string' ? `: ${message}` : ''}`);
}
