import type { FoundPackage, WholeFileAnalyzer } from './analyzer.js';

/** `.../node_modules/name/package.json` or `.../node_modules/@scope/name/package.json`. */
const INSTALLED_MANIFEST = /\/node_modules\/((?:@[^/]+\/)?[^/@.][^/]*)\/package\.json$/;
const LOCK_FILE = /\/package-lock\.json$/;

interface PackageJson {
  name?: unknown;
  version?: unknown;
  license?: unknown;
  licenses?: unknown;
}

interface LockEntry {
  version?: string;
  name?: string;
  dev?: boolean;
  link?: boolean;
  license?: unknown;
  dependencies?: Record<string, LockEntry>;
}

function licensesOf(pkg: { license?: unknown; licenses?: unknown }): string[] | undefined {
  const one = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : undefined;
  const list = [one(pkg.license), ...(Array.isArray(pkg.licenses) ? pkg.licenses.map(one) : [])].filter((l): l is string => !!l);
  return list.length ? list : undefined;
}

function npmPackage(name: string, version: string, licenses?: string[]): FoundPackage {
  return { ecosystem: 'npm', name, version, sourceName: name, sourceVersion: version, ...(licenses ? { licenses } : {}) };
}

/** An installed package's own package.json: what is actually on disk. */
export function parseInstalledPackageJson(text: string, dirName: string): FoundPackage[] {
  const pkg = JSON.parse(text) as PackageJson;
  if (typeof pkg.version !== 'string' || pkg.version === '') return [];
  const name = typeof pkg.name === 'string' && pkg.name !== '' ? pkg.name : dirName;
  return [npmPackage(name, pkg.version, licensesOf(pkg))];
}

/**
 * package-lock.json, lockfile v1 (nested `dependencies`) and v2/v3 (flat `packages` keyed by
 * install path). Development dependencies are left out: production images install without them.
 */
export function parsePackageLock(text: string): FoundPackage[] {
  const lock = JSON.parse(text) as { lockfileVersion?: number; packages?: Record<string, LockEntry>; dependencies?: Record<string, LockEntry> };
  const out = new Map<string, FoundPackage>();
  const add = (name: string, entry: LockEntry) => {
    if (entry.dev || entry.link || typeof entry.version !== 'string' || entry.version === '') return;
    // v1 locks record git and file dependencies as URLs in `version`; they have no registry version.
    if (/^(?:file:|git|https?:|github:)/.test(entry.version)) return;
    const pkg = npmPackage(name, entry.version, licensesOf(entry));
    out.set(`${name}@${entry.version}`, pkg);
  };
  if (lock.packages && typeof lock.packages === 'object') {
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === '' || !entry || typeof entry !== 'object') continue;
      const cut = path.lastIndexOf('node_modules/');
      if (cut < 0) continue; // workspace folders, not installed packages
      add(entry.name ?? path.slice(cut + 'node_modules/'.length), entry);
    }
  } else if (lock.dependencies && typeof lock.dependencies === 'object') {
    const walk = (deps: Record<string, LockEntry>) => {
      for (const [name, entry] of Object.entries(deps)) {
        if (!entry || typeof entry !== 'object') continue;
        add(name, entry);
        if (entry.dependencies) walk(entry.dependencies);
      }
    };
    walk(lock.dependencies);
  }
  return [...out.values()];
}

export const npmAnalyzer: WholeFileAnalyzer = {
  name: 'npm',
  maxBytes: 32 * 1024 * 1024,
  wants: (file) => INSTALLED_MANIFEST.test(file.path) || (LOCK_FILE.test(file.path) && !file.path.includes('/node_modules/')),
  analyze(file, content) {
    const text = content.toString('utf8');
    const installed = INSTALLED_MANIFEST.exec(file.path);
    try {
      return { packages: installed ? parseInstalledPackageJson(text, installed[1]) : parsePackageLock(text) };
    } catch {
      return { notes: [`${file.path}: not valid JSON; npm packages not read`] };
    }
  },
};
