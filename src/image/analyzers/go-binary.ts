import type { Analyzer, FoundPackage } from './analyzer.js';

/**
 * Go embeds its build information in a `.go.buildinfo` blob that starts with this magic on a
 * 16-byte boundary (src/debug/buildinfo). Since Go 1.18 the version and module strings follow
 * the 32-byte header inline, so they can be read without parsing ELF, Mach-O or PE.
 */
const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const ALIGN = 16;
const FLAG_INLINE_STRINGS = 0x2;
/** runtime/debug wraps the module text in these sentinels (cmd/go/internal/modload.infoStart/infoEnd). */
const INFO_START = 16;
const INFO_END = 16;
export const MIN_GO_BINARY_BYTES = 512 * 1024;

const EXECUTABLE_MAGICS = [
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), // Mach-O 64
  Buffer.from([0xce, 0xfa, 0xed, 0xfe]), // Mach-O 32
  Buffer.from('MZ', 'latin1'), // PE
];

export interface GoBuildInfo {
  goVersion: string;
  /** Main package path (`path` line). */
  path?: string;
  main?: { path: string; version: string };
  deps: { path: string; version: string }[];
}

function readVarint(bytes: Buffer, offset: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    value += (bytes[i] & 0x7f) * 2 ** shift;
    if ((bytes[i] & 0x80) === 0) return [value, i + 1];
    shift += 7;
  }
  throw new Error('truncated varint in Go build info');
}

function readString(bytes: Buffer, offset: number): [text: string, next: number] {
  const [length, start] = readVarint(bytes, offset);
  if (start + length > bytes.length) throw new Error('Go build info string runs past the end of the file');
  return [bytes.toString('utf8', start, start + length), start + length];
}

/** `undefined` when the file is not a Go executable; throws for a Go executable it cannot read. */
export function parseGoBuildInfo(bytes: Buffer): GoBuildInfo | undefined {
  if (!EXECUTABLE_MAGICS.some((m) => bytes.subarray(0, m.length).equals(m))) return undefined;
  let at = bytes.indexOf(MAGIC);
  while (at >= 0 && (at % ALIGN !== 0 || bytes.length - at < HEADER_SIZE)) at = bytes.indexOf(MAGIC, at + 1);
  if (at < 0) return undefined;
  const flags = bytes[at + 15];
  if ((flags & FLAG_INLINE_STRINGS) === 0) throw new Error('built before Go 1.18 (build info held by pointer); modules not read');
  const [goVersion, next] = readString(bytes, at + HEADER_SIZE);
  const [rawInfo] = readString(bytes, next);
  const info = rawInfo.length >= INFO_START + INFO_END ? rawInfo.slice(INFO_START, -INFO_END) : '';
  const out: GoBuildInfo = { goVersion, deps: [] };
  let previous: { path: string; version: string } | undefined;
  for (const line of info.split('\n')) {
    const fields = line.split('\t');
    switch (fields[0]) {
      case 'path':
        out.path = fields[1];
        break;
      case 'mod':
        out.main = { path: fields[1], version: fields[2] ?? '' };
        previous = out.main;
        break;
      case 'dep':
        previous = { path: fields[1], version: fields[2] ?? '' };
        out.deps.push(previous);
        break;
      case '=>':
        // The line replaces the module just listed: what was built is the replacement.
        if (previous) {
          previous.path = fields[1];
          previous.version = fields[2] ?? '';
        }
        break;
    }
  }
  return out;
}

function goPackage(name: string, version: string): FoundPackage {
  return { ecosystem: 'Go', name, version, sourceName: name, sourceVersion: version };
}

/** Modules with a real version; `(devel)` main modules and local replacements have none to match. */
export function goPackages(info: GoBuildInfo): FoundPackage[] {
  const out: FoundPackage[] = [];
  const toolchain = /^go(\d+(?:\.\d+)*)/.exec(info.goVersion);
  if (toolchain) out.push(goPackage('stdlib', `v${toolchain[1]}`));
  for (const mod of [...(info.main ? [info.main] : []), ...info.deps]) {
    if (mod.version && mod.version !== '(devel)') out.push(goPackage(mod.path, mod.version));
  }
  return out;
}

export const goBinaryAnalyzer: Analyzer = {
  name: 'go-binary',
  maxBytes: 512 * 1024 * 1024,
  // The smallest gc-built Go program (runtime included, symbols stripped) is over 1 MB; skipping
  // smaller executables spares reading the hundreds of C tools every distribution ships.
  wants: (file) => (file.mode & 0o111) !== 0 && file.size >= MIN_GO_BINARY_BYTES,
  analyze(file, content) {
    try {
      const info = parseGoBuildInfo(content);
      return info ? { packages: goPackages(info) } : {};
    } catch (error) {
      return { notes: [`${file.path}: Go executable ${error instanceof Error ? error.message : String(error)}`] };
    }
  },
};
