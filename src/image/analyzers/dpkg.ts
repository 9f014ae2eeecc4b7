import { type FoundPackage, stanzas, type WholeFileAnalyzer } from './analyzer.js';

const STATUS_FILE = '/var/lib/dpkg/status';
/** Distroless images have no status file: one stanza per package in this directory. */
const STATUS_DIR = '/var/lib/dpkg/status.d/';

/** dpkg states in which the package's files are on disk (dpkg-query(1) "package states"). */
const PRESENT_STATES = new Set(['installed', 'unpacked', 'half-configured', 'half-installed', 'triggers-awaited', 'triggers-pending']);

/** Parses a dpkg status database (or a status.d file) into the packages whose files are present. */
export function parseDpkgStatus(text: string): FoundPackage[] {
  const packages: FoundPackage[] = [];
  for (const stanza of stanzas(text)) {
    const fields = new Map<string, string>();
    for (const line of stanza) {
      if (line.startsWith(' ') || line.startsWith('\t')) continue; // continuation of a multi-line field
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
    }
    const name = fields.get('package');
    const version = fields.get('version');
    if (!name || !version) continue;
    const status = fields.get('status');
    // status.d stanzas carry no Status field: their presence means installed.
    if (status !== undefined && !PRESENT_STATES.has(status.split(/\s+/)[2] ?? '')) continue;
    let sourceName = name;
    let sourceVersion = version;
    const source = fields.get('source');
    if (source) {
      const match = /^(\S+)(?:\s+\(([^)]+)\))?$/.exec(source);
      if (match) {
        sourceName = match[1];
        if (match[2]) sourceVersion = match[2].trim();
      }
    }
    const arch = fields.get('architecture');
    packages.push({ ecosystem: { os: 'dpkg' }, name, version, sourceName, sourceVersion, ...(arch ? { arch } : {}) });
  }
  return packages;
}

export const dpkgAnalyzer: WholeFileAnalyzer = {
  name: 'dpkg',
  maxBytes: 64 * 1024 * 1024,
  wants: (file) =>
    file.path === STATUS_FILE || (file.path.startsWith(STATUS_DIR) && !file.path.endsWith('.md5sums') && !file.path.slice(STATUS_DIR.length).includes('/')),
  analyze: (_file, content) => ({ packages: parseDpkgStatus(content.toString('utf8')) }),
};
