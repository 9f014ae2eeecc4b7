import { InputError } from '../../core/errors.js';

/**
 * The OSV record format (https://ossf.github.io/osv-schema/), the parts matching needs.
 * Older records carry `aliases`, newer ones (Debian, Alpine conversions) `upstream`: both are
 * read as the advisory's other names.
 */
export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

export interface OsvRange {
  type: 'ECOSYSTEM' | 'SEMVER' | 'GIT';
  repo?: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  type: string;
  score: string;
}

export interface OsvAffected {
  package: { ecosystem: string; name: string; purl?: string };
  ranges: OsvRange[];
  versions: string[];
  severity: OsvSeverity[];
  ecosystemSpecific?: Record<string, unknown>;
  databaseSpecific?: Record<string, unknown>;
}

export interface OsvRecord {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases: string[];
  upstream: string[];
  summary?: string;
  details?: string;
  severity: OsvSeverity[];
  affected: OsvAffected[];
  databaseSpecific?: Record<string, unknown>;
  references: Array<{ type: string; url: string }>;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string, file: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new InputError(file, undefined, `${where} must be a list of strings`);
  return value;
}

function optionalString(value: unknown, where: string, file: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InputError(file, undefined, `${where} must be a string`);
  return value;
}

function severities(value: unknown, where: string, file: string): OsvSeverity[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError(file, undefined, `${where} must be a list`);
  return value.map((s, i) => {
    if (!isObject(s) || typeof s.type !== 'string' || typeof s.score !== 'string') {
      throw new InputError(file, undefined, `${where}[${i}] needs string "type" and "score"`);
    }
    return { type: s.type, score: s.score };
  });
}

const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

function event(value: unknown, where: string, file: string): OsvEvent {
  if (isObject(value)) {
    const kinds = EVENT_KINDS.filter((k) => typeof value[k] === 'string');
    if (kinds.length === 1) {
      const kind = kinds[0];
      return { [kind]: value[kind] as string } as OsvEvent;
    }
  }
  throw new InputError(file, undefined, `${where} must have exactly one of ${EVENT_KINDS.join(', ')}`);
}

function range(value: unknown, where: string, file: string): OsvRange {
  if (!isObject(value)) throw new InputError(file, undefined, `${where} must be an object`);
  const type = value.type;
  if (type !== 'ECOSYSTEM' && type !== 'SEMVER' && type !== 'GIT') throw new InputError(file, undefined, `${where}.type must be ECOSYSTEM, SEMVER or GIT`);
  if (!Array.isArray(value.events)) throw new InputError(file, undefined, `${where}.events must be a list`);
  const events = value.events.map((e, i) => event(e, `${where}.events[${i}]`, file));
  const repo = optionalString(value.repo, `${where}.repo`, file);
  return repo === undefined ? { type, events } : { type, repo, events };
}

function affectedEntry(value: unknown, where: string, file: string): OsvAffected {
  if (!isObject(value) || !isObject(value.package)) throw new InputError(file, undefined, `${where}.package must be an object`);
  const pkg = value.package;
  if (typeof pkg.ecosystem !== 'string' || typeof pkg.name !== 'string') throw new InputError(file, undefined, `${where}.package needs string "ecosystem" and "name"`);
  const ranges = value.ranges === undefined || value.ranges === null ? [] : value.ranges;
  if (!Array.isArray(ranges)) throw new InputError(file, undefined, `${where}.ranges must be a list`);
  const entry: OsvAffected = {
    package: { ecosystem: pkg.ecosystem, name: pkg.name, ...(typeof pkg.purl === 'string' ? { purl: pkg.purl } : {}) },
    ranges: ranges.map((r, i) => range(r, `${where}.ranges[${i}]`, file)),
    versions: stringList(value.versions, `${where}.versions`, file),
    severity: severities(value.severity, `${where}.severity`, file),
  };
  if (isObject(value.ecosystem_specific)) entry.ecosystemSpecific = value.ecosystem_specific;
  if (isObject(value.database_specific)) entry.databaseSpecific = value.database_specific;
  return entry;
}

/** Validates one parsed OSV document; `file` names it in errors. */
export function parseOsvRecord(value: unknown, file: string): OsvRecord {
  if (!isObject(value)) throw new InputError(file, undefined, 'an OSV record must be a JSON object');
  if (typeof value.id !== 'string' || value.id === '') throw new InputError(file, undefined, 'OSV record has no "id"');
  const affected = value.affected === undefined || value.affected === null ? [] : value.affected;
  if (!Array.isArray(affected)) throw new InputError(file, undefined, `${value.id}: "affected" must be a list`);
  const references = Array.isArray(value.references)
    ? value.references.filter(isObject).map((r) => ({ type: String(r.type ?? ''), url: String(r.url ?? '') }))
    : [];
  const record: OsvRecord = {
    id: value.id,
    modified: optionalString(value.modified, 'modified', file) ?? '',
    aliases: stringList(value.aliases, 'aliases', file),
    upstream: stringList(value.upstream, 'upstream', file),
    severity: severities(value.severity, 'severity', file),
    affected: affected.map((a, i) => affectedEntry(a, `affected[${i}]`, file)),
    references,
  };
  const published = optionalString(value.published, 'published', file);
  if (published) record.published = published;
  const withdrawn = optionalString(value.withdrawn, 'withdrawn', file);
  if (withdrawn) record.withdrawn = withdrawn;
  const summary = optionalString(value.summary, 'summary', file);
  if (summary) record.summary = summary;
  const details = optionalString(value.details, 'details', file);
  if (details) record.details = details;
  if (isObject(value.database_specific)) record.databaseSpecific = value.database_specific;
  return record;
}

/**
 * Offset of the first JSON syntax error. V8's messages no longer carry a position, and a record
 * that does not parse must still be reported with its line.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail();
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!number) fail();
      i += number![0].length;
    }
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail();
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
  return text.length;
}

/** Parses OSV JSON text; a syntax error is reported with its line. */
export function parseOsvJson(text: string, file: string): OsvRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = text.slice(0, jsonErrorOffset(text)).split('\n').length;
    const reason = message.replace(/, \.\.\..*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    throw new InputError(file, line, `not valid JSON (${reason})`);
  }
  return parseOsvRecord(value, file);
}

/** The advisory's other names (CVE ids and the like), aliases first. */
export function otherNames(record: OsvRecord): string[] {
  return [...new Set([...record.aliases, ...record.upstream])].filter((name) => name !== record.id);
}
