import type { AuditEvent } from './event.js';
import type { ConditionNode, ListItem } from './condition.js';
import { type Extractor, type FieldValue, resolveField } from './fields.js';

/**
 * Turns condition syntax trees into closures over an event. Everything that can be decided
 * once is decided here: field lookups, list expansion, sets, glob patterns. Field values and
 * macro results are cached for the event being evaluated, because rule sets test the same
 * macros (`kevt`, `pod`, `kcreate`) in nearly every rule.
 */
export type Predicate = (ev: AuditEvent) => boolean;

export class CompileError extends Error {
  constructor(
    message: string,
    /** Offset in the condition text where the problem is, when known. */
    readonly offset?: number,
  ) {
    super(message);
  }
}

export interface CompileEnv {
  /** Items of a list, already expanded (lists may name other lists). */
  list(name: string): readonly string[] | undefined;
  /** A compiled macro, or undefined when no macro of that name exists. */
  macro(name: string): Predicate | undefined;
}

/** Caches one value per event: the last event seen is the one being evaluated. */
function memoize<T>(fn: (ev: AuditEvent) => T): (ev: AuditEvent) => T {
  let last: AuditEvent | undefined;
  let value: T;
  return (ev) => {
    if (ev !== last) {
      value = fn(ev);
      last = ev;
    }
    return value;
  };
}

/**
 * Conditions that are decided without an event (`k8s_audit_never_true` is `jevt.rawtime=0`,
 * which no event can satisfy): folded through and/or/not, so `not user_known_x` costs nothing
 * and a rule that can never match is never tried.
 */
export const NEVER: Predicate = () => false;
export const ALWAYS: Predicate = () => true;

export function memoizePredicate(fn: Predicate): Predicate {
  return fn === NEVER || fn === ALWAYS ? fn : memoize(fn);
}

/** Shared extractors: one cached extractor per distinct field and argument in a rule set. */
export class FieldCache {
  private readonly byKey = new Map<string, { extract: Extractor; values?: RegExp }>();

  private entry(field: string, arg: string | undefined): { extract: Extractor; values?: RegExp } {
    const key = arg === undefined ? field : `${field}[${arg}]`;
    let entry = this.byKey.get(key);
    if (!entry) {
      const found = resolveField(field, arg);
      if ('error' in found) throw new CompileError(found.error);
      entry = { extract: found.direct ? found.extract : memoize(found.extract), values: found.values };
      this.byKey.set(key, entry);
    }
    return entry;
  }

  get(field: string, arg: string | undefined): Extractor {
    return this.entry(field, arg).extract;
  }

  /** Whether the field can ever hold this value (false only when its value pattern rules it out). */
  canHold(field: string, arg: string | undefined, value: string): boolean {
    const pattern = this.entry(field, arg).values;
    return !pattern || pattern.test(value);
  }
}

function anyValue(ex: Extractor, test: (s: string) => boolean): Predicate {
  return (ev) => {
    const v: FieldValue = ex(ev);
    if (v === undefined) return false;
    if (typeof v === 'string') return test(v);
    for (let i = 0; i < v.length; i++) if (test(v[i])) return true;
    return false;
  };
}

export function globToRegExp(glob: string, flags = ''): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, flags + 's');
}

function numeric(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function orderTest(op: '<' | '<=' | '>' | '>=', rhs: string): (s: string) => boolean {
  const rn = numeric(rhs);
  const cmp = (s: string): number | undefined => {
    if (rn !== undefined) {
      const ln = numeric(s);
      return ln === undefined ? undefined : ln - rn;
    }
    return s < rhs ? -1 : s > rhs ? 1 : 0;
  };
  return (s) => {
    const c = cmp(s);
    if (c === undefined) return false;
    return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
  };
}

function hexBytes(text: string): string {
  const clean = text.replace(/\s/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new CompileError(`binary operand ${JSON.stringify(text)} is not hexadecimal bytes`);
  return Buffer.from(clean, 'hex').toString('latin1');
}

function stringTest(op: string, rhs: string): (s: string) => boolean {
  switch (op) {
    case '=':
      return (s) => s === rhs;
    case '!=':
      return (s) => s !== rhs;
    case 'contains':
      return (s) => s.includes(rhs);
    case 'icontains': {
      const lower = rhs.toLowerCase();
      return (s) => s.toLowerCase().includes(lower);
    }
    case 'startswith':
      return (s) => s.startsWith(rhs);
    case 'endswith':
      return (s) => s.endsWith(rhs);
    case 'bcontains': {
      const bytes = hexBytes(rhs);
      return (s) => Buffer.from(s, 'utf8').toString('latin1').includes(bytes);
    }
    case 'bstartswith': {
      const bytes = hexBytes(rhs);
      return (s) => Buffer.from(s, 'utf8').toString('latin1').startsWith(bytes);
    }
    case 'glob': {
      const re = globToRegExp(rhs);
      return (s) => re.test(s);
    }
    case 'iglob': {
      const re = globToRegExp(rhs, 'i');
      return (s) => re.test(s);
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(rhs);
      } catch (e) {
        throw new CompileError(`invalid regular expression ${JSON.stringify(rhs)}: ${(e as Error).message}`);
      }
      return (s) => re.test(s);
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return orderTest(op, rhs);
    default:
      throw new CompileError(`operator ${op} needs a list`);
  }
}

/** Expands list items: a bare item naming a list stands for that list's items. */
export function expandItems(items: readonly ListItem[], env: CompileEnv): string[] {
  const out: string[] = [];
  for (const item of items) {
    const named = item.quoted ? undefined : env.list(item.text);
    if (named) out.push(...named);
    else out.push(item.text);
  }
  return out;
}

function pathUnder(value: string, prefix: string): boolean {
  if (value === prefix) return true;
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return value.startsWith(base);
}

export function compileNode(node: ConditionNode, env: CompileEnv, fields: FieldCache): Predicate {
  switch (node.type) {
    case 'and': {
      const parts = node.items.map((n) => compileNode(n, env, fields)).filter((p) => p !== ALWAYS);
      if (parts.includes(NEVER)) return NEVER;
      if (parts.length === 0) return ALWAYS;
      if (parts.length === 1) return parts[0];
      if (parts.length === 2) {
        const [a, b] = parts;
        return (ev) => a(ev) && b(ev);
      }
      return (ev) => {
        for (const p of parts) if (!p(ev)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = node.items.map((n) => compileNode(n, env, fields)).filter((p) => p !== NEVER);
      if (parts.includes(ALWAYS)) return ALWAYS;
      if (parts.length === 0) return NEVER;
      if (parts.length === 1) return parts[0];
      if (parts.length === 2) {
        const [a, b] = parts;
        return (ev) => a(ev) || b(ev);
      }
      return (ev) => {
        for (const p of parts) if (p(ev)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileNode(node.item, env, fields);
      if (inner === NEVER) return ALWAYS;
      if (inner === ALWAYS) return NEVER;
      return (ev) => !inner(ev);
    }
    case 'macro': {
      const m = env.macro(node.name);
      if (!m) throw new CompileError(`undefined macro ${node.name}`, node.offset);
      return m;
    }
    default:
      return compileCheck(node, env, fields);
  }
}

function compileCheck(node: Extract<ConditionNode, { type: 'exists' | 'compare' | 'list' }>, env: CompileEnv, fields: FieldCache): Predicate {
  let ex: Extractor;
  try {
    ex = fields.get(node.field, node.arg);
  } catch (e) {
    throw new CompileError((e as Error).message, node.offset);
  }
  try {
    if (node.type === 'exists') {
      return (ev) => {
        const v = ex(ev);
        return v !== undefined && (typeof v === 'string' || v.length > 0);
      };
    }
    if (node.type === 'compare') {
      if ((node.op === '=' || node.op === '!=') && !fields.canHold(node.field, node.arg, node.value)) {
        // The field never holds that value: = is always false, != is whether the field is there.
        if (node.op === '=') return NEVER;
        return anyValue(ex, () => true);
      }
      return anyValue(ex, stringTest(node.op, node.value));
    }
    const values = expandItems(node.items, env);
    if (node.op === 'pmatch') return anyValue(ex, (s) => values.some((p) => pathUnder(s, p)));
    const set = new Set(values);
    if (node.op === 'intersects') return anyValue(ex, (s) => set.has(s));
    // `in` over a multi-valued field holds when every value is in the set.
    return (ev) => {
      const v = ex(ev);
      if (v === undefined) return false;
      if (typeof v === 'string') return set.has(v);
      if (v.length === 0) return false;
      for (const s of v) if (!set.has(s)) return false;
      return true;
    };
  } catch (e) {
    if (e instanceof CompileError && e.offset === undefined) throw new CompileError(e.message, node.offset);
    throw e;
  }
}
