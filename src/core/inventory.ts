import { labelsOf, namespaceOf, nameOf, type KubeObject } from './k8s/object.js';
import { WORKLOAD_KINDS, workloadOf, type Workload } from './k8s/workload.js';
import type { FieldPath } from './path.js';

/** Where an object came from. Lines are 1-based. */
export interface Origin {
  /** File path as given by the user, `<stdin>`, `cluster`, or `admission`. */
  file: string;
  /** Line where the object's document starts. */
  line: number;
  /** Index of the document within the file (0-based). */
  docIndex: number;
  /** Helm `# Source:` template path when the document was rendered by Helm. */
  helmSource?: string;
  /** Path of the object inside its document when it is an item of a `List`. */
  itemPath?: FieldPath;
  /** The document's source, kept so that finding lines can be resolved after analysis. */
  document?: SourceDocument;
}

/** Shared by every object of one document (the items of a List share their list's). */
export interface SourceDocument {
  text: string;
  /** 1-based line in the file where `text` begins (the `---` line or the file's first line). */
  firstLine: number;
}

export interface InventoryEntry {
  /** Stable position of the entry in the inventory. */
  id: number;
  object: KubeObject;
  origin: Origin;
}

/**
 * The set of objects under analysis, indexed once. Analysers ask it rather than walking
 * the object list themselves.
 */
export class Inventory {
  readonly entries: InventoryEntry[] = [];
  private readonly byKind = new Map<string, InventoryEntry[]>();
  private readonly byKey = new Map<string, InventoryEntry>();
  /** Per entry id: its workload view, null when it has none. */
  private readonly workloadCache = new Map<number, Workload | null>();
  /** Answers of the whole-inventory queries, dropped when an object is added. */
  private workloadList: { entry: InventoryEntry; workload: Workload }[] | undefined;
  private namespaceList: string[] | undefined;

  static of(objects: KubeObject[], file = '<memory>'): Inventory {
    const inventory = new Inventory();
    objects.forEach((object, docIndex) => inventory.add(object, { file, line: 1, docIndex }));
    return inventory;
  }

  add(object: KubeObject, origin: Origin): InventoryEntry {
    const entry: InventoryEntry = { id: this.entries.length, object, origin };
    this.entries.push(entry);
    this.workloadList = undefined;
    this.namespaceList = undefined;
    let list = this.byKind.get(object.kind);
    if (!list) this.byKind.set(object.kind, (list = []));
    list.push(entry);
    const key = keyOf(object.kind, namespaceOf(object), nameOf(object));
    if (!this.byKey.has(key)) this.byKey.set(key, entry);
    return entry;
  }

  get size(): number {
    return this.entries.length;
  }

  ofKind(kind: string): InventoryEntry[] {
    return this.byKind.get(kind) ?? [];
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  /** Looks an object up by kind, namespace (undefined for cluster-scoped) and name. */
  find(kind: string, namespace: string | undefined, name: string): InventoryEntry | undefined {
    return this.byKey.get(keyOf(kind, namespace, name));
  }

  inNamespace(namespace: string, kind?: string): InventoryEntry[] {
    const source = kind ? this.ofKind(kind) : this.entries;
    return source.filter((e) => namespaceOf(e.object) === namespace);
  }

  /** Namespaces named by objects or declared as Namespace objects, sorted. */
  namespaces(): readonly string[] {
    if (this.namespaceList) return this.namespaceList;
    const names = new Set<string>();
    for (const e of this.entries) {
      const ns = namespaceOf(e.object);
      if (ns) names.add(ns);
    }
    for (const e of this.ofKind('Namespace')) if (nameOf(e.object)) names.add(nameOf(e.object));
    return (this.namespaceList = [...names].sort());
  }

  withLabels(kind: string, match: (labels: Record<string, string>) => boolean): InventoryEntry[] {
    return this.ofKind(kind).filter((e) => match(labelsOf(e.object)));
  }

  workloadOf(entry: InventoryEntry): Workload | undefined {
    // Most objects of a large inventory (bindings, roles, services) cannot carry a pod spec.
    if (!WORKLOAD_KINDS.has(entry.object.kind)) return undefined;
    let cached = this.workloadCache.get(entry.id);
    if (cached === undefined) this.workloadCache.set(entry.id, (cached = workloadOf(entry.object) ?? null));
    return cached ?? undefined;
  }

  /** Every entry that carries a pod spec, with its workload view, in inventory order. */
  workloads(): readonly { entry: InventoryEntry; workload: Workload }[] {
    if (this.workloadList) return this.workloadList;
    const candidates: InventoryEntry[] = [];
    for (const kind of WORKLOAD_KINDS) for (const entry of this.ofKind(kind)) candidates.push(entry);
    candidates.sort((a, b) => a.id - b.id);
    const out: { entry: InventoryEntry; workload: Workload }[] = [];
    for (const entry of candidates) {
      const workload = this.workloadOf(entry);
      if (workload) out.push({ entry, workload });
    }
    return (this.workloadList = out);
  }
}

function keyOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
