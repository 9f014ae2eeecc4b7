import type { InstalledPackage } from '../package.js';

/**
 * Trivy's split: an analyser names the files it needs and turns one file's bytes into facts.
 * Analysers are pure (no I/O, no clock): the layer readers decide how bytes are obtained.
 */
export interface FileInfo {
  /** Absolute path inside the image. */
  path: string;
  size: number;
  /** Permission bits (`0o755`). */
  mode: number;
}

/** The operating system named by `/etc/os-release`. */
export interface OsInfo {
  /** `ID` (`debian`, `ubuntu`, `alpine`, `rhel`, `rocky`, ...). */
  id: string;
  /** `ID_LIKE` entries, nearest first. */
  idLike: string[];
  versionId: string;
  prettyName: string;
  versionCodename?: string;
  /** Google's distroless images name themselves in PRETTY_NAME while reporting the Debian ID. */
  distroless: boolean;
}

/** How an OS package database records its packages; the ecosystem needs the OS release, known only after all layers. */
export type OsPackageKind = 'dpkg' | 'apk' | 'rpm';

/** A package before the image-wide facts (OS release, layer, file) are attached. */
export type FoundPackage = Omit<InstalledPackage, 'ecosystem' | 'purl' | 'foundIn' | 'layerDigest'> & {
  /** Language ecosystem (`npm`, `PyPI`, `Go`, `Maven`), or the OS package database it came from. */
  ecosystem: string | { os: OsPackageKind };
  /** rpm keeps the epoch apart from the version; the purl names it as a qualifier. */
  epoch?: number;
};

export interface FileAnalysis {
  os?: OsInfo;
  packages?: FoundPackage[];
  /** Something present but not readable (a Berkeley DB rpmdb, a pre-1.18 Go binary): said, not hidden. */
  notes?: string[];
}

/** Reads a file chunk by chunk, for analysers that need a few bytes somewhere in a large file. */
export interface ChunkScanner {
  /** True once the scanner has what it needs (or knows the file is not for it). */
  readonly done: boolean;
  push(chunk: Buffer): void;
  result(): FileAnalysis;
}

/** An analyser reads whole files (`analyze`, buffered up to `maxBytes`) or streams them (`scanner`). */
export interface Analyzer {
  name: string;
  /** Whether to read this regular file; checked before any byte is read. */
  wants(file: FileInfo): boolean;
  /** Files larger than this are skipped with a note rather than buffered. */
  maxBytes: number;
  /** Jars need an asynchronous zip reader; everything else answers at once. */
  analyze?(file: FileInfo, content: Buffer): FileAnalysis | Promise<FileAnalysis>;
  scanner?(file: FileInfo): ChunkScanner;
}

/** An analyser of whole files (every one but the Go scanner). */
export type WholeFileAnalyzer = Analyzer & { analyze: NonNullable<Analyzer['analyze']> };

/** Splits `KEY: value` stanzas separated by blank lines (dpkg status, apk installed use the same shape). */
export function stanzas(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.length > 0) out.push(current);
      current = [];
    } else {
      current.push(line.replace(/\r$/, ''));
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
