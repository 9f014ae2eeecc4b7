/**
 * The operator's view of the cluster: the objects it watches and the findings on them, kept up
 * to date one object at a time. Pure: events come in as objects, the clock as an option.
 */
import type { AnalysisOptions, Check, ObjectCheck, WorkloadCheck } from '../core/check.js';
import type { StockadeConfig } from '../core/config.js';
import { analyze } from '../core/engine.js';
import type { Finding } from '../core/finding.js';
import { Inventory } from '../core/inventory.js';
import { isRecord, nameOf, namespaceOf, type KubeObject } from '../core/k8s/object.js';
import { workloadOf } from '../core/k8s/workload.js';
import { CONTROLLER_KINDS } from '../load/cluster/resources.js';

export interface OperatorSettings {
  checks: readonly Check[];
  config: StockadeConfig;
  options: AnalysisOptions;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

const ORIGIN = { file: 'cluster', line: 0, docIndex: 0 };

export class OperatorState {
  private readonly objects = new Map<string, KubeObject>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly objectFindings = new Map<string, Finding[]>();
  private inventoryFindings: Finding[] = [];
  private readonly perObjectChecks: Check[];
  private readonly inventoryChecks: Check[];

  constructor(private readonly settings: OperatorSettings) {
    this.perObjectChecks = settings.checks.filter((c) => c.scope !== 'inventory');
    this.inventoryChecks = settings.checks.filter((c) => c.scope === 'inventory');
  }

  get size(): number {
    return this.objects.size;
  }

  /** Loads the initial list and evaluates everything once. */
  load(objects: Iterable<KubeObject>): void {
    for (const object of objects) this.put(object);
    const inventory = this.inventory();
    const result = analyze(inventory, this.perObjectChecks, this.settings.options, this.settings.config);
    this.objectFindings.clear();
    result.findings.forEach((finding, i) => {
      const entry = result.entries[i];
      if (!entry) return;
      const key = keyOf(entry.object);
      let list = this.objectFindings.get(key);
      if (!list) this.objectFindings.set(key, (list = []));
      list.push(finding);
    });
    this.inventoryFindings = analyze(inventory, this.inventoryChecks, this.settings.options, this.settings.config).findings;
  }

  /**
   * Applies a watch event and re-evaluates the object's own checks. Returns the object's key, or
   * undefined when the event is ignored (a pod whose controller is watched carries no findings of
   * its own: its controller's template does).
   */
  apply(type: WatchEventType, object: KubeObject, options: AnalysisOptions = this.settings.options): string | undefined {
    const key = keyOf(object);
    if (type === 'DELETED') {
      if (!this.objects.has(key)) return undefined;
      this.remove(key);
      this.objectFindings.delete(key);
      return key;
    }
    if (this.isOwnedByWatchedController(object)) return undefined;
    this.put(object);
    this.objectFindings.set(key, this.evaluateObject(object, options));
    return key;
  }

  /** Re-runs the cross-object analysers (RBAC, network, …) over the whole current inventory. */
  reevaluateInventory(options: AnalysisOptions = this.settings.options, inventory: Inventory = this.inventory()): void {
    this.inventoryFindings = analyze(inventory, this.inventoryChecks, options, this.settings.config).findings;
  }

  findings(): Finding[] {
    const out: Finding[] = [];
    for (const list of this.objectFindings.values()) out.push(...list);
    out.push(...this.inventoryFindings);
    return out;
  }

  findingsOf(object: KubeObject): Finding[] {
    return this.objectFindings.get(keyOf(object)) ?? [];
  }

  namespaces(): string[] {
    const names = new Set<string>(this.byNamespace.keys());
    for (const object of this.objects.values()) if (object.kind === 'Namespace') names.add(nameOf(object));
    names.delete('');
    return [...names].sort();
  }

  inventory(): Inventory {
    const inventory = new Inventory();
    let docIndex = 0;
    for (const object of this.objects.values()) inventory.add(object, { ...ORIGIN, docIndex: docIndex++ });
    return inventory;
  }

  /**
   * The object's checks, run with the context they read: the objects of its namespace (service
   * accounts, services, config maps, policies) and the Namespace objects. Other workloads of the
   * namespace are left out of the context of a workload: no per-object check reads them, and a
   * namespace of thousands of pods would make every event cost as much as a namespace scan.
   */
  private evaluateObject(object: KubeObject, options: AnalysisOptions): Finding[] {
    const context = new Inventory();
    context.add(object, ORIGIN);
    const isWorkload = workloadOf(object) !== undefined;
    const ns = namespaceOf(object);
    const self = keyOf(object);
    for (const key of this.byNamespace.get(ns ?? '') ?? []) {
      if (key === self) continue;
      const other = this.objects.get(key)!;
      if (isWorkload && CONTROLLER_KINDS.has(other.kind)) continue;
      context.add(other, ORIGIN);
    }
    if (ns !== undefined) for (const key of this.byNamespace.get('') ?? []) if (key.startsWith('Namespace\u0000')) context.add(this.objects.get(key)!, ORIGIN);
    const target = context.entries[0]!.object;
    const checks = this.perObjectChecks.map((check) => onlyFor(check, target));
    return analyze(context, checks, options, this.settings.config).findings;
  }

  private isOwnedByWatchedController(object: KubeObject): boolean {
    const refs = object.metadata?.ownerReferences;
    if (!Array.isArray(refs)) return false;
    const controller = refs.find((r) => isRecord(r) && r.controller === true);
    return controller !== undefined && CONTROLLER_KINDS.has(controller.kind) && this.objects.has(`${controller.kind}\u0000${namespaceOf(object) ?? ''}\u0000${controller.name}`);
  }

  private put(object: KubeObject): void {
    const key = keyOf(object);
    this.objects.set(key, object);
    const ns = namespaceOf(object) ?? '';
    let set = this.byNamespace.get(ns);
    if (!set) this.byNamespace.set(ns, (set = new Set()));
    set.add(key);
  }

  private remove(key: string): void {
    const object = this.objects.get(key);
    if (!object) return;
    this.objects.delete(key);
    this.byNamespace.get(namespaceOf(object) ?? '')?.delete(key);
  }
}

/** The same check, firing only on one object (the engine walks the whole context inventory). */
function onlyFor(check: Check, target: KubeObject): Check {
  switch (check.scope) {
    case 'workload': {
      const wrapped: WorkloadCheck = { ...check, check: (workload, ctx) => (workload.object === target ? check.check(workload, ctx) : []) };
      return wrapped;
    }
    case 'object': {
      const wrapped: ObjectCheck = { ...check, check: (object, ctx) => (object === target ? check.check(object, ctx) : []) };
      return wrapped;
    }
    case 'inventory':
      return check;
  }
}

export function keyOf(object: KubeObject): string {
  return `${object.kind}\u0000${namespaceOf(object) ?? ''}\u0000${nameOf(object)}`;
}
