import type { Violation } from '../../core/check.js';
import { isRecord, type KubeObject } from '../../core/k8s/object.js';
import type { FieldPath } from '../../core/path.js';

export const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;
export type Component = (typeof COMPONENTS)[number];

/** One flag as written on a command line, and where. */
export interface FlagValue {
  value: string;
  /** Field path of the token that holds the flag (`spec.containers[0].command[3]`). */
  path: FieldPath;
}

/** A control-plane component found in a (static) pod: its container and its flags. */
export interface ComponentFlags {
  component: Component;
  container: string;
  /** Path of the container (`spec.containers[0]`): findings about a missing flag point here. */
  containerPath: FieldPath;
  flags: Map<string, FlagValue>;
}

/**
 * Boolean flags of the components (Go pflag): written bare (`--profiling`) they mean true, and
 * their value must be attached (`--profiling=false`). A separate `true`/`false` is taken as
 * the value too, since that is what its author meant.
 */
const BOOLEAN_FLAGS = new Set([
  'anonymous-auth',
  'profiling',
  'service-account-lookup',
  'use-service-account-credentials',
  'client-cert-auth',
  'peer-client-cert-auth',
  'auto-tls',
  'peer-auto-tls',
  'allow-privileged',
  'enable-bootstrap-token-auth',
  'authentication-skip-lookup',
]);

/** The component a container runs, by its command's program name, else by the container's name. */
function componentOf(container: Record<string, unknown>, tokens: string[]): Component | undefined {
  const program = tokens[0]?.split('/').pop();
  if (program && (COMPONENTS as readonly string[]).includes(program)) return program as Component;
  const name = container.name;
  if (typeof name === 'string' && (COMPONENTS as readonly string[]).includes(name) && (tokens.length === 0 || tokens[0]!.startsWith('-'))) return name as Component;
  return undefined;
}

function stringTokens(value: unknown): { token: string; index: number }[] {
  if (!Array.isArray(value)) return [];
  const out: { token: string; index: number }[] = [];
  value.forEach((token, index) => {
    if (typeof token === 'string') out.push({ token, index });
  });
  return out;
}

/**
 * Parses `--flag=value` and `--flag value` forms; a later occurrence of a flag wins, as in pflag
 * for the scalar flags these checks read. A shell wrapper (`sh -c "kube-apiserver --a=b ..."`)
 * is split on whitespace.
 */
export function parseFlags(tokens: { token: string; path: FieldPath }[]): Map<string, FlagValue> {
  const flags = new Map<string, FlagValue>();
  for (let i = 0; i < tokens.length; i++) {
    const { token, path } = tokens[i]!;
    if (!token.startsWith('-')) continue;
    const body = token.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) {
      flags.set(body.slice(0, eq), { value: body.slice(eq + 1), path });
      continue;
    }
    const next = tokens[i + 1]?.token;
    const takesNext = next !== undefined && !next.startsWith('-') && (!BOOLEAN_FLAGS.has(body) || next === 'true' || next === 'false');
    if (takesNext) {
      flags.set(body, { value: next, path });
      i++;
    } else {
      flags.set(body, { value: 'true', path });
    }
  }
  return flags;
}

/** Control-plane components run by a pod's containers (a static pod manifest or its mirror pod). */
export function componentsOf(pod: KubeObject): ComponentFlags[] {
  const spec = pod.spec;
  if (!isRecord(spec) || !Array.isArray(spec.containers)) return [];
  const out: ComponentFlags[] = [];
  spec.containers.forEach((container, index) => {
    if (!isRecord(container)) return;
    const containerPath: FieldPath = ['spec', 'containers', index];
    let tokens: { token: string; path: FieldPath }[] = [
      ...stringTokens(container.command).map((t) => ({ token: t.token, path: [...containerPath, 'command', t.index] })),
      ...stringTokens(container.args).map((t) => ({ token: t.token, path: [...containerPath, 'args', t.index] })),
    ];
    const shell = tokens.findIndex((t) => /\s/.test(t.token.trim()) && COMPONENTS.some((c) => t.token.includes(c)));
    if (shell >= 0) {
      const { token, path } = tokens[shell]!;
      tokens = token.trim().split(/\s+/).map((word) => ({ token: word, path }));
    }
    const component = componentOf(container, tokens.map((t) => t.token));
    if (!component) return;
    out.push({ component, container: typeof container.name === 'string' ? container.name : component, containerPath, flags: parseFlags(tokens) });
  });
  return out;
}

/** A comma-separated flag value as a list (`Node,RBAC`). */
export function listFlag(flags: Map<string, FlagValue>, name: string): string[] {
  const value = flags.get(name)?.value;
  return value === undefined ? [] : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** A violation about a component's flag: at the flag when it is written, else at the container. */
export function flagViolation<M extends string>(
  found: ComponentFlags,
  flag: string,
  messageId: M,
  data: Record<string, string | number> = {},
): Violation<M> {
  return {
    messageId,
    data: { component: found.component, flag: `--${flag}`, ...data },
    path: found.flags.get(flag)?.path ?? found.containerPath,
    container: found.container,
    discriminator: `${flag}:${messageId}`,
  };
}

/** Weak TLS choices shared by every component: protocol floors below 1.2 and suites without forward secrecy or AEAD. */
export const WEAK_TLS_VERSIONS = new Set(['VersionTLS10', 'VersionTLS11']);

/**
 * Cipher suites outside the CIS Kubernetes Benchmark's list of strong suites (1.2.29, 4.2.12):
 * RC4, 3DES, CBC with SHA-256 and every suite with static RSA key exchange in CBC mode.
 */
export const STRONG_CIPHER_SUITES = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
]);

/** Reads a nested field of a KubeletConfiguration (`authentication.anonymous.enabled`). */
export function fieldOf(object: KubeObject, path: readonly string[]): unknown {
  let value: unknown = object;
  for (const key of path) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * The scope of a check on component flags: it sees each container of a (static) pod that runs
 * one of `components`, and returns that container's violations.
 */
export function onComponents<M extends string>(
  components: readonly Component[],
  evaluate: (found: ComponentFlags) => Violation<M>[],
): { scope: 'object'; kinds: readonly string[]; check(pod: KubeObject): Violation<M>[] } {
  return {
    scope: 'object',
    kinds: ['Pod'],
    check: (pod) => componentsOf(pod).flatMap((found) => (components.includes(found.component) ? evaluate(found) : [])),
  };
}
