import type { AuditEvent } from './event.js';
import type { FieldCache } from './compile.js';
import type { Extractor, FieldValue } from './fields.js';

/** A compiled Falco output template: `text %ka.user.name more %jevt.value[/a/b]`. */
export type OutputTemplate = (ev: AuditEvent) => string;

const FIELD_AT = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+(?:\[[^\]]*\])?/;

export function renderValue(v: FieldValue): string {
  if (v === undefined) return '<NA>';
  if (typeof v === 'string') return v;
  return `(${v.join(',')})`;
}

/** Compiles the template once; an unknown field is an error (thrown with its message). */
export function compileOutput(template: string, fields: FieldCache): OutputTemplate {
  const parts: (string | Extractor)[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const pct = template.indexOf('%', i);
    if (pct < 0) {
      literal += template.slice(i);
      break;
    }
    literal += template.slice(i, pct);
    const m = FIELD_AT.exec(template.slice(pct + 1));
    if (!m) {
      literal += '%';
      i = pct + 1;
      continue;
    }
    let token = m[0];
    // A sentence may end right after a field: `%ka.target.name.` names ka.target.name.
    while (token.endsWith('.') && !token.includes('[')) token = token.slice(0, -1);
    const bracket = token.indexOf('[');
    const name = bracket < 0 ? token : token.slice(0, bracket);
    const arg = bracket < 0 ? undefined : token.slice(bracket + 1, -1);
    if (literal) parts.push(literal);
    literal = '';
    parts.push(fields.get(name, arg));
    i = pct + 1 + token.length;
  }
  if (literal) parts.push(literal);
  return (ev) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : renderValue(p(ev));
    return out;
  };
}
