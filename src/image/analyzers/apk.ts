import { type FoundPackage, stanzas, type WholeFileAnalyzer } from './analyzer.js';

const INSTALLED = '/lib/apk/db/installed';

/** Parses apk's installed database (one-letter keys, blank-line separated); `o:` is the origin (source) package. */
export function parseApkInstalled(text: string): FoundPackage[] {
  const packages: FoundPackage[] = [];
  for (const stanza of stanzas(text)) {
    const fields = new Map<string, string>();
    for (const line of stanza) {
      if (line.length >= 2 && line[1] === ':' && !fields.has(line[0])) fields.set(line[0], line.slice(2));
    }
    const name = fields.get('P');
    const version = fields.get('V');
    if (!name || !version) continue;
    const license = fields.get('L');
    const arch = fields.get('A');
    packages.push({
      ecosystem: { os: 'apk' },
      name,
      version,
      sourceName: fields.get('o') || name,
      sourceVersion: version,
      ...(license ? { licenses: license.split(/\s+(?:AND|OR)\s+|\s+/).filter((l) => l !== '' && l !== 'AND' && l !== 'OR') } : {}),
      ...(arch ? { arch } : {}),
    });
  }
  return packages;
}

export const apkAnalyzer: WholeFileAnalyzer = {
  name: 'apk',
  maxBytes: 64 * 1024 * 1024,
  wants: (file) => file.path === INSTALLED,
  analyze: (_file, content) => ({ packages: parseApkInstalled(content.toString('utf8')) }),
};
