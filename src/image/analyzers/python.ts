import type { FoundPackage, WholeFileAnalyzer } from './analyzer.js';

/** Installed distributions: wheel installs (`.dist-info/METADATA`) and setuptools installs (`.egg-info/PKG-INFO` or a bare `.egg-info` file). */
const METADATA = /\/[^/]+\.dist-info\/METADATA$|\/[^/]+\.egg-info\/PKG-INFO$|\/[^/]+\.egg-info$/;

/** Core metadata (packaging.python.org "Core metadata specifications"): RFC 822 headers, then the description. */
export function parsePythonMetadata(text: string): FoundPackage[] {
  const headers = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break; // the body (long description) follows the first blank line
    if (/^[ \t]/.test(line) && last) {
      const values = headers.get(last)!;
      values[values.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(last) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(last, values);
  }
  const name = headers.get('name')?.[0];
  const version = headers.get('version')?.[0];
  if (!name || !version) return [];
  const licenses = [
    ...(headers.get('license-expression') ?? []),
    ...(headers.get('license') ?? []).filter((l) => l !== '' && l !== 'UNKNOWN' && !l.includes('\n')),
    ...(headers.get('classifier') ?? []).filter((c) => c.startsWith('License ::')).map((c) => c.split('::').pop()!.trim()),
  ];
  return [{ ecosystem: 'PyPI', name, version, sourceName: name, sourceVersion: version, ...(licenses.length ? { licenses: [...new Set(licenses)] } : {}) }];
}

export const pythonAnalyzer: WholeFileAnalyzer = {
  name: 'python',
  maxBytes: 4 * 1024 * 1024,
  wants: (file) => METADATA.test(file.path),
  analyze: (_file, content) => ({ packages: parsePythonMetadata(content.toString('utf8')) }),
};
