import type { AuditEvent } from './event.js';
import { type ConditionNode, ConditionSyntaxError, type ListItem, parseCondition } from './condition.js';
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

export function memoizePredicate(fn: Predicate): Predicate {
  return memoize(fn);
}

/** Shared extractors: one cached extractor per distinct field and argument in a rule set. */
export class FieldCache {
  private readonly byKey = new Map<string, Extractor>();

  get(field: string, arg: string | undefined): Extractor {
    const key = arg === undefined ? field : `${field}[${arg}]`;
    let ex = this.byKey.get(key);
    if (!ex) {
      const found = resolveField(field, arg);
      if ('error' in found) throw new CompileError(found.error);
      ex = memoize(found.extract);
      this.byKey.set(key, ex);
    }
    return ex;
  }
}

function anyValue(ex: Extractor, test: (s: string) => boolean): Predicate {
  return (ev) => {
    const v: FieldValue = ex(ev);
    if (v === undefined) return false;
    if (typeof v === 'string') return test(v);
    for (const s of v) if (test(s)) return true;
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
      const parts = node.items.map((n) => compileNode(n, env, fields));
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
      const parts = node.items.map((n) => compileNode(n, env, fields));
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
    if (node.type === 'compare') return anyValue(ex, stringTest(node.op, node.value));
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

/** Parses and compiles a condition; syntax errors become CompileErrors with their offset. */
export function compileCondition(text: string, env: CompileEnv, fields: FieldCache): Predicate {
  let ast: ConditionNode;
  try {
    ast = parseCondition(text);
  } catch (e) {
    if (e instanceof ConditionSyntaxError) throw new CompileError(e.message, e.offset);
    throw e;
  }
  return compileNode(ast, env, fields);
}

/** The event properties rules are indexed by: a rule is only tried on events whose values it allows. */
export const INDEXED = ['stage', 'verb', 'resource'] as const;
export type IndexedField = (typeof INDEXED)[number];
export type Constraints = Partial<Record<IndexedField, ReadonlySet<string>>>;

const INDEX_OF_FIELD: Record<string, IndexedField> = {
  'jevt.value[/stage]': 'stage',
  'json.value[/stage]': 'stage',
  'ka.stage': 'stage',
  'ka.verb': 'verb',
  'jevt.value[/verb]': 'verb',
  'json.value[/verb]': 'verb',
  'ka.target.resource': 'resource',
  'jevt.value[/objectRef/resource]': 'resource',
  'json.value[/objectRef/resource]': 'resource',
};

export interface ConstraintEnv {
  list(name: string): readonly string[] | undefined;
  macroAst(name: string): ConditionNode | undefined;
}

/**
 * Values an indexed field must take for the condition to hold, derived from the syntax tree:
 * `ka.verb=create` requires create; `and` requires what any operand requires (intersected);
 * `or` requires the union when every branch requires something; `not` and everything else
 * require nothing. It is a necessary condition only, so skipping a rule on an event whose value
 * is outside the set can never lose an alert.
 */
export function constraintsOf(node: ConditionNode, env: ConstraintEnv, seen = new Set<string>()): Constraints {
  switch (node.type) {
    case 'compare': {
      const key = INDEX_OF_FIELD[node.arg === undefined ? node.field : `${node.field}[${node.arg}]`];
      return key && node.op === '=' ? { [key]: new Set([node.value]) } : {};
    }
    case 'list': {
      const key = INDEX_OF_FIELD[node.arg === undefined ? node.field : `${node.field}[${node.arg}]`];
      return key && (node.op === 'in' || node.op === 'intersects') ? { [key]: new Set(expandItems(node.items, { list: env.list, macro: () => undefined })) } : {};
    }
    case 'macro': {
      const ast = seen.has(node.name) ? undefined : env.macroAst(node.name);
      if (!ast) return {};
      seen.add(node.name);
      const out = constraintsOf(ast, env, seen);
      seen.delete(node.name);
      return out;
    }
    case 'and': {
      const out: Constraints = {};
      for (const item of node.items) {
        const c = constraintsOf(item, env, seen);
        for (const k of INDEXED) {
          const v = c[k];
          if (!v) continue;
          const prev = out[k];
          out[k] = prev ? new Set([...prev].filter((x) => v.has(x))) : v;
        }
      }
      return out;
    }
    case 'or': {
      const parts = node.items.map((i) => constraintsOf(i, env, seen));
      const out: Constraints = {};
      for (const k of INDEXED) {
        if (parts.every((p) => p[k])) out[k] = new Set(parts.flatMap((p) => [...(p[k] ?? [])]));
      }
      return out;
    }
    default:
      return {};
  }
}
