import type { OsInfo, WholeFileAnalyzer } from './analyzer.js';

export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];

/** Parses os-release(5): shell-style `KEY=value` lines, values optionally quoted. */
export function parseOsRelease(text: string): OsInfo | undefined {
  const fields = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    fields.set(line.slice(0, eq), unquote(line.slice(eq + 1)));
  }
  const id = fields.get('ID')?.toLowerCase();
  if (!id) return undefined;
  const prettyName = fields.get('PRETTY_NAME') ?? fields.get('NAME') ?? id;
  return {
    id,
    idLike: (fields.get('ID_LIKE') ?? '').toLowerCase().split(/\s+/).filter((s) => s !== ''),
    versionId: fields.get('VERSION_ID') ?? '',
    prettyName,
    ...(fields.get('VERSION_CODENAME') ? { versionCodename: fields.get('VERSION_CODENAME') } : {}),
    distroless: /distroless/i.test(prettyName),
  };
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
    const inner = value.slice(1, -1);
    return quote === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return value;
}

export const osReleaseAnalyzer: WholeFileAnalyzer = {
  name: 'os-release',
  maxBytes: 64 * 1024,
  wants: (file) => OS_RELEASE_PATHS.includes(file.path),
  analyze(_file, content) {
    const os = parseOsRelease(content.toString('utf8'));
    return os ? { os } : { notes: ['os-release has no ID field'] };
  },
};
