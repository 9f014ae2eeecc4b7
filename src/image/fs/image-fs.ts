import type { FileAnalysis, FoundPackage } from '../analyzers/analyzer.js';
import { resolveLinkTarget, splitPath } from './image-path.js';
import type { EntryKind, LayerRecord } from './layer.js';

interface Node {
  kind: EntryKind;
  linkTarget?: string;
  /** Index of the layer that last wrote this path. */
  layer: number;
  analysis?: FileAnalysis;
  /** For each package in `analysis`, the index of the layer that first put it there unchanged. */
  origins?: number[];
  children?: Map<string, Node>;
}

/** A package as found in the merged image: where it was read from and which layer added it. */
export interface LocatedPackage {
  found: FoundPackage;
  path: string;
  layer: number;
}

const MAX_LINK_HOPS = 40;

function packageKey(p: FoundPackage): string {
  return `${p.name}\u0000${p.version}\u0000${p.arch ?? ''}`;
}

/**
 * The image's merged file tree, built from layer records in order with overlay semantics
 * (containerd's): whiteouts and opaque directories hide lower layers, an entry replaces whatever
 * was at its path, a directory over a directory merges. Only metadata and analyses are kept.
 */
export class ImageFs {
  private readonly root: Node = { kind: 'dir', layer: -1, children: new Map() };
  readonly problems: string[] = [];

  apply(record: LayerRecord, layer: number): void {
    for (const path of record.whiteouts) this.remove(path);
    for (const dir of record.opaqueDirs) {
      const node = this.lookup(dir);
      if (node?.kind === 'dir') node.children = new Map();
    }
    for (const entry of record.entries) {
      const parts = splitPath(entry.path);
      const parent = this.ensureDir(parts.slice(0, -1), layer);
      const name = parts[parts.length - 1];
      const previous = parent.children!.get(name);
      if (entry.kind === 'dir') {
        if (previous?.kind === 'dir') previous.layer = layer;
        else parent.children!.set(name, { kind: 'dir', layer, children: new Map() });
        continue;
      }
      let node: Node = { kind: entry.kind, layer, ...(entry.linkTarget !== undefined ? { linkTarget: entry.linkTarget } : {}) };
      let analysis = entry.analysis;
      if (entry.kind === 'hardlink') {
        const target = this.lookup(entry.linkTarget ?? '');
        if (target?.kind === 'file') {
          node = { kind: 'file', layer };
          analysis = target.analysis;
        } else {
          this.problems.push(`hard link ${entry.path} -> ${entry.linkTarget}: target is not a regular file in the image; ignored`);
          node = { kind: 'file', layer };
        }
      }
      if (analysis) {
        node.analysis = analysis;
        node.origins = originsOf(analysis, previous, layer);
      }
      parent.children!.set(name, node);
    }
  }

  /** The node at a path, following no link. */
  private lookup(path: string): Node | undefined {
    let node: Node | undefined = this.root;
    for (const part of splitPath(path)) {
      node = node?.children?.get(part);
      if (!node) return undefined;
    }
    return node;
  }

  private ensureDir(parts: string[], layer: number): Node {
    let node = this.root;
    for (const part of parts) {
      let child = node.children!.get(part);
      if (!child || child.kind !== 'dir') {
        child = { kind: 'dir', layer, children: new Map() };
        node.children!.set(part, child);
      }
      node = child;
    }
    return node;
  }

  private remove(path: string): void {
    const parts = splitPath(path);
    if (parts.length === 0) return;
    const parent = this.lookup(`/${parts.slice(0, -1).join('/')}`);
    parent?.children?.delete(parts[parts.length - 1]);
  }

  /**
   * Follows symlinks in every component, as inside a chroot: the result is always a path in
   * the image. `undefined` for a missing path or a link loop.
   */
  resolve(path: string): string | undefined {
    let pending = splitPath(path);
    let resolved: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      const candidate = [...resolved, part];
      const node = this.lookup(`/${candidate.join('/')}`);
      if (!node) return undefined;
      if (node.kind === 'symlink') {
        if (++hops > MAX_LINK_HOPS) return undefined;
        const target = resolveLinkTarget(`/${candidate.join('/')}`, node.linkTarget ?? '');
        pending = [...splitPath(target), ...pending];
        resolved = [];
        continue;
      }
      resolved = candidate;
    }
    return `/${resolved.join('/')}`;
  }

  /** The analysis of the regular file at `path` after following links. */
  analysisAt(path: string): FileAnalysis | undefined {
    const real = this.resolve(path);
    if (real === undefined) return undefined;
    const node = this.lookup(real);
    return node?.kind === 'file' ? node.analysis : undefined;
  }

  exists(path: string): boolean {
    return this.lookup(path) !== undefined;
  }

  /** Every package of every analysed file still present, in path order. */
  packages(): LocatedPackage[] {
    const out: LocatedPackage[] = [];
    const walk = (node: Node, path: string) => {
      if (node.analysis?.packages) {
        node.analysis.packages.forEach((found, i) => out.push({ found, path, layer: node.origins?.[i] ?? node.layer }));
      }
      if (node.children) {
        for (const name of [...node.children.keys()].sort()) walk(node.children.get(name)!, `${path === '/' ? '' : path}/${name}`);
      }
    };
    walk(this.root, '/');
    return out;
  }

  /** Notes analysers left on files still present. */
  notes(): string[] {
    const out: string[] = [];
    const walk = (node: Node) => {
      if (node.analysis?.notes) out.push(...node.analysis.notes);
      if (node.children) for (const child of node.children.values()) walk(child);
    };
    walk(this.root);
    return out;
  }
}

/** A package rewritten unchanged by a later layer (dpkg rewrites its whole status file) keeps the layer that added it. */
function originsOf(analysis: FileAnalysis, previous: Node | undefined, layer: number): number[] {
  const earlier = new Map<string, number>();
  previous?.analysis?.packages?.forEach((p, i) => earlier.set(packageKey(p), previous.origins?.[i] ?? previous.layer));
  return (analysis.packages ?? []).map((p) => earlier.get(packageKey(p)) ?? layer);
}
