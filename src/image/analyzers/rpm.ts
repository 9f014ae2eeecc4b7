import Database from 'better-sqlite3';
import type { FoundPackage, WholeFileAnalyzer } from './analyzer.js';

/** The SQLite rpmdb of RHEL 9, Fedora 33+ and SUSE (`/usr/lib/sysimage/rpm`, often linked from `/var/lib/rpm`). */
const SQLITE_DB = /^\/(?:var\/lib\/rpm|usr\/lib\/sysimage\/rpm|usr\/share\/rpm)\/rpmdb\.sqlite$/;
/** Berkeley DB (RHEL ≤ 8, CentOS, Amazon Linux 2) and SUSE's ndb: recognised, not read. */
const OTHER_DB = /^\/(?:var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/Packages(?:\.db)?$/;

const TAG = { name: 1000, version: 1001, release: 1002, epoch: 1003, license: 1014, arch: 1022, sourceRpm: 1044 } as const;
const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;
const ENTRY_SIZE = 16;

export interface RpmHeader {
  name?: string;
  version?: string;
  release?: string;
  epoch?: number;
  license?: string;
  arch?: string;
  sourceRpm?: string;
}

/**
 * Reads the tags we need from an rpm header blob as the database stores it: big-endian
 * index count and data length, then 16-byte index entries (tag, type, offset, count), then the data.
 */
export function parseRpmHeader(blob: Buffer): RpmHeader {
  if (blob.length < 8) throw new Error('rpm header shorter than its preamble');
  const count = blob.readUInt32BE(0);
  const dataLength = blob.readUInt32BE(4);
  const dataStart = 8 + count * ENTRY_SIZE;
  if (count > 0xffff || dataStart + dataLength > blob.length) throw new Error(`rpm header claims ${count} entries and ${dataLength} data bytes in ${blob.length}`);
  const wanted = new Map<number, keyof RpmHeader>(Object.entries(TAG).map(([k, v]) => [v, k as keyof RpmHeader]));
  const out: RpmHeader = {};
  const stringAt = (offset: number): string => {
    const start = dataStart + offset;
    const end = blob.indexOf(0, start);
    if (offset < 0 || start >= dataStart + dataLength || end < 0 || end > dataStart + dataLength) throw new Error('rpm header string outside the data');
    return blob.toString('utf8', start, end);
  };
  for (let i = 0; i < count; i++) {
    const at = 8 + i * ENTRY_SIZE;
    const field = wanted.get(blob.readInt32BE(at));
    if (!field) continue;
    const type = blob.readUInt32BE(at + 4);
    const offset = blob.readInt32BE(at + 8);
    if (field === 'epoch') {
      if (type !== TYPE_INT32 || offset < 0 || dataStart + offset + 4 > dataStart + dataLength) throw new Error('rpm header epoch is not an int32 inside the data');
      out.epoch = blob.readUInt32BE(dataStart + offset);
    } else if (type === TYPE_STRING || type === TYPE_STRING_ARRAY || type === TYPE_I18NSTRING) {
      out[field] = stringAt(offset);
    }
  }
  return out;
}

/** `openssl-1.1.1k-7.el8_6.src.rpm` → name `openssl`, version-release `1.1.1k-7.el8_6`. */
export function parseSourceRpm(file: string): { name: string; version: string } | undefined {
  const match = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(file);
  return match ? { name: match[1], version: `${match[2]}-${match[3]}` } : undefined;
}

export function rpmPackage(header: RpmHeader): FoundPackage | undefined {
  const { name, version, release } = header;
  // gpg-pubkey entries are imported signing keys, not software.
  if (!name || !version || name === 'gpg-pubkey') return undefined;
  const epochPrefix = header.epoch ? `${header.epoch}:` : '';
  const full = `${epochPrefix}${version}${release ? `-${release}` : ''}`;
  const source = header.sourceRpm ? parseSourceRpm(header.sourceRpm) : undefined;
  return {
    ecosystem: { os: 'rpm' },
    name,
    version: full,
    sourceName: source?.name ?? name,
    // A source rpm name carries no epoch; the binary's applies (as Trivy and the advisories assume).
    sourceVersion: source ? `${epochPrefix}${source.version}` : full,
    ...(header.epoch ? { epoch: header.epoch } : {}),
    ...(header.license ? { licenses: [header.license] } : {}),
    ...(header.arch ? { arch: header.arch } : {}),
  };
}

/**
 * rpm keeps its database in WAL mode, which SQLite cannot open from memory (no -shm file). Bytes 18
 * and 19 of the header are the write/read format versions, 2 for WAL: a copy marked 1 (rollback
 * journal) opens, and holds every checkpointed transaction, which a cleanly closed rpmdb has.
 */
function rollbackJournalCopy(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.length >= 20 && copy.toString('latin1', 0, 16) === 'SQLite format 3\u0000') {
    copy[18] = 1;
    copy[19] = 1;
  }
  return copy;
}

/** Every package in an rpmdb.sqlite, opened from memory (the image is never written to disk). */
export function parseRpmSqlite(bytes: Buffer): FoundPackage[] {
  const db = new Database(rollbackJournalCopy(bytes));
  try {
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').all() as { blob: Buffer }[];
    return rows.map((row) => rpmPackage(parseRpmHeader(row.blob))).filter((p): p is FoundPackage => p !== undefined);
  } finally {
    db.close();
  }
}

export const rpmAnalyzer: WholeFileAnalyzer = {
  name: 'rpm',
  maxBytes: 512 * 1024 * 1024,
  wants: (file) => SQLITE_DB.test(file.path) || OTHER_DB.test(file.path),
  analyze(file, content) {
    if (OTHER_DB.test(file.path)) {
      return { notes: [`${file.path}: Berkeley DB / ndb rpm databases are not supported (only rpmdb.sqlite, RHEL 9 / Fedora 33+); rpm packages of this image are not listed`] };
    }
    try {
      return { packages: parseRpmSqlite(content) };
    } catch (error) {
      return { notes: [`${file.path}: not a readable rpm database (${error instanceof Error ? error.message : String(error)})`] };
    }
  },
};
