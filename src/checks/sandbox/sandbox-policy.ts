import type { Inventory } from '../../core/inventory.js';
import { groupOf, isRecord, labelsOf, namespaceOf } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import { imageFromAny, parseImageReference } from '../supply-chain/image-reference.js';
import { rejectUnknownKeys, settingsSection, stringList, stringMap } from '../supply-chain/settings.js';

/**
 * `.stockade.yaml`:
 *   sandbox:
 *     untrusted:
 *       namespaces: [ci, "tenant-*"]      # workloads in these namespaces are untrusted
 *       labels: {trust: untrusted}        # ... or carrying any of these labels
 *       namespaceLabels: {tenant: external}   # ... or in a Namespace carrying any of these labels
 *       trustedRegistries: [registry.example.com]   # ... or running an image from elsewhere
 *     runtimeClasses: [gvisor]            # sandbox RuntimeClasses (default: gvisor, runsc, kata*, firecracker)
 */
export interface SandboxPolicy {
  namespaces: string[];
  /** `namespaces` compiled, in the same order. */
  namespacePatterns: RegExp[];
  labels: Record<string, string>;
  namespaceLabels: Record<string, string>;
  trustedRegistries?: string[];
  runtimeClasses?: string[];
}

const policyCache = new WeakMap<Record<string, unknown>, SandboxPolicy>();

/** Read and compiled once per settings object: the checks call this for every workload. */
export function sandboxPolicy(settings: Record<string, unknown>): SandboxPolicy {
  const cached = policyCache.get(settings);
  if (cached) return cached;
  const sandbox = settingsSection(settings, 'sandbox');
  const untrustedRaw = sandbox.untrusted;
  if (untrustedRaw !== undefined && untrustedRaw !== null && !isRecord(untrustedRaw)) throw new Error('settings sandbox.untrusted: expected a mapping');
  const untrusted = isRecord(untrustedRaw) ? untrustedRaw : {};
  rejectUnknownKeys(sandbox, ['untrusted', 'runtimeClasses'], 'sandbox');
  rejectUnknownKeys(untrusted, ['namespaces', 'labels', 'namespaceLabels', 'trustedRegistries'], 'sandbox.untrusted');
  const namespaces = stringList(untrusted, 'namespaces', 'sandbox.untrusted') ?? [];
  const policy: SandboxPolicy = {
    namespaces,
    namespacePatterns: namespaces.map(globPattern),
    labels: stringMap(untrusted, 'labels', 'sandbox.untrusted') ?? {},
    namespaceLabels: stringMap(untrusted, 'namespaceLabels', 'sandbox.untrusted') ?? {},
  };
  const registries = stringList(untrusted, 'trustedRegistries', 'sandbox.untrusted');
  if (registries !== undefined) policy.trustedRegistries = registries;
  const classes = stringList(sandbox, 'runtimeClasses', 'sandbox');
  if (classes !== undefined) policy.runtimeClasses = classes;
  policyCache.set(settings, policy);
  return policy;
}

/** Sandboxing runtimes by the names their RuntimeClasses and handlers conventionally carry. */
const DEFAULT_SANDBOX = /gvisor|runsc|^kata|firecracker/i;

/** `tenant-*` → /^tenant-.*$/: `*` is the only wildcard, everything else is literal. */
function globPattern(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

/** Why a workload counts as untrusted under the policy, or undefined when it does not. */
export function untrustedReason(workload: Workload, policy: SandboxPolicy, inventory: Inventory): string | undefined {
  const namespace = namespaceOf(workload.object) ?? 'default';
  const index = policy.namespacePatterns.findIndex((p) => p.test(namespace));
  if (index >= 0) return `its namespace "${namespace}" matches sandbox.untrusted.namespaces ("${policy.namespaces[index]}")`;
  const objectLabels = labelsOf(workload.object);
  const podLabels = isRecord(workload.podMeta.labels) ? workload.podMeta.labels : {};
  const label = Object.entries(policy.labels).find(([k, v]) => (podLabels[k] ?? objectLabels[k]) === v);
  if (label) return `it carries the label ${label[0]}=${label[1]} listed in sandbox.untrusted.labels`;
  if (Object.keys(policy.namespaceLabels).length > 0) {
    const declared = inventory.find('Namespace', undefined, namespace);
    const namespaceLabels = declared ? labelsOf(declared.object) : {};
    const hit = Object.entries(policy.namespaceLabels).find(([k, v]) => namespaceLabels[k] === v);
    if (hit) return `its namespace "${namespace}" carries the label ${hit[0]}=${hit[1]} listed in sandbox.untrusted.namespaceLabels`;
  }
  if (policy.trustedRegistries !== undefined) {
    for (const ref of workload.containers) {
      const text = ref.container.image;
      if (typeof text !== 'string') continue;
      const image = parseImageReference(text);
      if (!image || !imageFromAny(image, policy.trustedRegistries)) {
        return `container "${ref.name}" runs "${text}", an image outside sandbox.untrusted.trustedRegistries`;
      }
    }
  }
  return undefined;
}

export function runtimeClassObjects(inventory: Inventory) {
  return inventory.ofKind('RuntimeClass').filter((e) => groupOf(e.object.apiVersion) === 'node.k8s.io');
}

/**
 * Whether a RuntimeClass name runs pods in a sandbox: by the configured list; otherwise, when
 * the scan declares the RuntimeClass, by its handler (a class called "gvisor" whose handler is
 * runc sandboxes nothing); otherwise by the name.
 */
export function isSandboxClass(name: string, policy: SandboxPolicy, inventory: Inventory): boolean {
  if (policy.runtimeClasses !== undefined) return policy.runtimeClasses.includes(name);
  const declared = runtimeClassObjects(inventory).find((e) => e.object.metadata?.name === name);
  if (declared && typeof declared.object.handler === 'string') return isSandboxName(declared.object.handler);
  return isSandboxName(name);
}

/** Names of sandboxing runtimes and their handlers: gVisor (runsc), Kata Containers, Firecracker. */
export function isSandboxName(name: string): boolean {
  return DEFAULT_SANDBOX.test(name);
}

/** The RuntimeClass a fix should set: the first configured one, or a sandbox class the inventory declares. */
export function suggestedSandboxClass(policy: SandboxPolicy, inventory: Inventory): string | undefined {
  if (policy.runtimeClasses !== undefined) return policy.runtimeClasses[0];
  return runtimeClassObjects(inventory)
    .map((e) => e.object.metadata?.name)
    .find((name): name is string => typeof name === 'string' && isSandboxClass(name, policy, inventory));
}
