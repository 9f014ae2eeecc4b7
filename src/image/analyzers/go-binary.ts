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
/** The module list of the largest real binaries is a few hundred kB. */
const MAX_INFO_BYTES = 16 * 1024 * 1024;

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

/** Varint at `offset`: its value and where it ends; `undefined` when the bytes stop inside it. */
function readVarint(bytes: Buffer, offset: number): [value: number, next: number] | undefined {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < bytes.length; i++) {
    if (i >= offset + 10) throw new Error('malformed varint in Go build info');
    value += (bytes[i] & 0x7f) * 2 ** shift;
    if ((bytes[i] & 0x80) === 0) return [value, i + 1];
    shift += 7;
  }
  return undefined;
}

/** The build info strings after a header at `bytes[0]`; `undefined` while more bytes are needed. */
function parseHeader(bytes: Buffer): GoBuildInfo | undefined {
  if (bytes.length < HEADER_SIZE) return undefined;
  if ((bytes[15] & FLAG_INLINE_STRINGS) === 0) throw new Error('built before Go 1.18 (build info held by pointer); modules not read');
  const strings: string[] = [];
  let at = HEADER_SIZE;
  for (let i = 0; i < 2; i++) {
    const length = readVarint(bytes, at);
    if (!length) return undefined;
    if (length[0] > MAX_INFO_BYTES) throw new Error(`build info string of ${length[0]} bytes`);
    if (length[1] + length[0] > bytes.length) return undefined;
    strings.push(bytes.toString('utf8', length[1], length[1] + length[0]));
    at = length[1] + length[0];
  }
  return parseModuleInfo(strings[0], strings[1]);
}

function parseModuleInfo(goVersion: string, rawInfo: string): GoBuildInfo {
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

/**
 * Finds the build info while an executable streams by, keeping only a few bytes between chunks
 * (and the header's strings once found): a 200 MB Go binary is never held in memory.
 */
export class GoBuildInfoScanner {
  /** Bytes kept from earlier chunks; `pendingOffset` is the file offset of their first byte. */
  private pending = Buffer.alloc(0);
  private pendingOffset = 0;
  private collecting = false;
  private executable?: boolean;
  done = false;
  info?: GoBuildInfo;

  /** Feeds the next chunk; throws when the executable is Go but unreadable. */
  push(chunk: Buffer): void {
    if (this.done) return;
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const base = this.pendingOffset;
    if (this.executable === undefined) {
      if (data.length < 4) return void (this.pending = Buffer.from(data));
      this.executable = EXECUTABLE_MAGICS.some((m) => data.subarray(0, m.length).equals(m));
      if (!this.executable) return void (this.done = true);
    }
    if (this.collecting) return this.collect(data, base);
    let at = data.indexOf(MAGIC);
    while (at >= 0 && (base + at) % ALIGN !== 0) at = data.indexOf(MAGIC, at + 1);
    if (at >= 0) return this.collect(data.subarray(at), base + at);
    // Keep what could be the start of a magic cut by the chunk boundary.
    const keep = Math.min(data.length, MAGIC.length - 1);
    this.pending = Buffer.from(data.subarray(data.length - keep));
    this.pendingOffset = base + data.length - keep;
  }

  private collect(data: Buffer, offset: number): void {
    this.collecting = true;
    const info = parseHeader(data);
    if (info) {
      this.info = info;
      this.done = true;
      this.pending = Buffer.alloc(0);
      return;
    }
    if (data.length > MAX_INFO_BYTES) throw new Error('build info larger than any Go toolchain writes');
    this.pending = Buffer.from(data);
    this.pendingOffset = offset;
  }

  /** After the last chunk: the build info, `undefined` for a file that is not a Go executable. */
  finish(): GoBuildInfo | undefined {
    if (this.collecting && !this.info) throw new Error('build info cut off by the end of the file');
    return this.info;
  }
}

/** `undefined` when the bytes are not a Go executable; throws for a Go executable it cannot read. */
export function parseGoBuildInfo(bytes: Buffer): GoBuildInfo | undefined {
  const scanner = new GoBuildInfoScanner();
  scanner.push(bytes);
  return scanner.finish();
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
  maxBytes: Number.MAX_SAFE_INTEGER,
  // The smallest gc-built Go program (runtime included, symbols stripped) is over 1 MB; skipping
  // smaller executables spares reading the hundreds of C tools every distribution ships.
  wants: (file) => (file.mode & 0o111) !== 0 && file.size >= MIN_GO_BINARY_BYTES,
  scanner(file) {
    const scanner = new GoBuildInfoScanner();
    const noteOf = (error: unknown) => ({ notes: [`${file.path}: Go executable ${error instanceof Error ? error.message : String(error)}`] });
    let failed: unknown;
    return {
      get done() {
        return scanner.done || failed !== undefined;
      },
      push(chunk) {
        try {
          scanner.push(chunk);
        } catch (error) {
          failed = error;
        }
      },
      result() {
        if (failed !== undefined) return noteOf(failed);
        try {
          const info = scanner.finish();
          return info ? { packages: goPackages(info) } : {};
        } catch (error) {
          return noteOf(error);
        }
      },
    };
  },
};
