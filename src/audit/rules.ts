import { readFileSync } from 'node:fs';
import { type Document, isMap, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { InputError } from '../core/errors.js';
import { type ConditionNode, ConditionSyntaxError, LIST_OPS, type BinaryOp, BINARY_OPS, parseCondition } from './condition.js';
import { CompileError, compileNode, type CompileEnv, FieldCache, memoizePredicate, type Predicate } from './compile.js';
import { type Constraints, constraintsOf } from './rule-index.js';
import { compileOutput, type OutputTemplate } from './output.js';

/**
 * Loader for Falco rule files (the k8s_audit source): `list`, `macro` and `rule` items, `append`
 * and `override`, `exceptions`, `enabled`. Files are loaded in order into one set of definitions,
 * then compiled together, so a later file can extend or replace what an earlier file defined.
 */

export const PRIORITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Lower is more urgent. */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}

export function parsePriority(text: string): Priority | undefined {
  const up = text.trim().toUpperCase();
  if (up === 'INFO') return 'INFORMATIONAL';
  return (PRIORITIES as readonly string[]).includes(up) ? (up as Priority) : undefined;
}

/** The event sources a rule may be written for that this engine evaluates. */
const AUDIT_SOURCES = new Set(['k8s_audit', 'k8saudit']);

interface Where {
  file: string;
  line: number;
}

interface ExceptionDef {
  name: string;
  fields?: unknown;
  comps?: unknown;
  values: unknown[];
  at: Where;
}

interface RuleDef {
  name: string;
  desc: string;
  condition?: string;
  output?: string;
  priority?: string;
  tags: string[];
  enabled: boolean;
  source?: string;
  exceptions: ExceptionDef[];
  at: Where;
  conditionAt: Where;
}

export interface CompiledRule {
  name: string;
  desc: string;
  priority: Priority;
  tags: string[];
  source: string;
  enabled: boolean;
  match: Predicate;
  /** Values some event properties must take for the rule to match at all (see rule-index.ts). */
  constraints: Constraints;
  output: OutputTemplate;
  file: string;
  line: number;
}

export interface RuleSet {
  rules: CompiledRule[];
  /** Things worth telling the user that do not stop loading (skipped rules of other sources, …). */
  notes: string[];
}

export class RuleError extends InputError {
  override name = 'RuleError';
}

const ITEM_KINDS = ['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions'];
type Json = unknown;

function lineOf(lc: LineCounter, node: Node | null | undefined, fallback: number): number {
  const offset = node?.range?.[0];
  return offset === undefined ? fallback : lc.linePos(offset).line;
}

function scalarText(value: Json): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function asStringList(value: Json): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

export class RuleLoader {
  private readonly lists = new Map<string, { items: string[]; at: Where }>();
  private readonly macros = new Map<string, { condition: string; at: Where }>();
  private readonly rules = new Map<string, RuleDef>();
  readonly notes: string[] = [];

  loadFile(path: string, displayName = path): this {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new RuleError(displayName, undefined, `cannot read rules file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return this.loadText(text, displayName);
  }

  loadText(text: string, file: string): this {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = err.linePos?.[0]?.line;
      throw new RuleError(file, line, `YAML: ${err.message.split('\n')[0]}`);
    }
    const root = doc.contents;
    if (root === null || root === undefined) return this;
    if (!isSeq(root)) throw new RuleError(file, lineOf(lc, root, 1), 'a rules file is a YAML list of rule, macro and list items');
    for (const node of root.items) {
      if (node === null || (node as { value?: unknown }).value === null) continue;
      const line = lineOf(lc, node as Node, 1);
      if (!isMap(node)) throw new RuleError(file, line, 'each item of a rules file must be a mapping (rule, macro or list)');
      this.addItem(node, { file, line }, lc, doc);
    }
    return this;
  }

  private addItem(node: YAMLMap, at: Where, lc: LineCounter, doc: Document): void {
    const item = node.toJS(doc, { maxAliasCount: 100 }) as Record<string, Json>;
    const kind = ITEM_KINDS.find((k) => k in item);
    if (!kind) throw new RuleError(at.file, at.line, `unknown item (keys: ${Object.keys(item).join(', ')}); expected rule, macro or list`);
    if (kind === 'required_engine_version' || kind === 'required_plugin_versions') return;
    const name = scalarText(item[kind]);
    if (name === undefined || name.trim() === '') throw new RuleError(at.file, at.line, `${kind} without a name`);
    const keyLine = (key: string): number => lineOf(lc, node.items.find((p) => (p.key as { value?: unknown })?.value === key)?.value as Node, at.line);
    const override = item.override as Record<string, string> | undefined;
    if (override !== undefined && (typeof override !== 'object' || override === null || Array.isArray(override))) {
      throw new RuleError(at.file, keyLine('override'), `${kind} "${name}": override must map keys to append or replace`);
    }
    for (const [key, how] of Object.entries(override ?? {})) {
      if (how !== 'append' && how !== 'replace') throw new RuleError(at.file, keyLine('override'), `${kind} "${name}": override of ${key} must be append or replace`);
    }
    const append = item.append === true;
    if (kind === 'list') this.addList(name, item, append || override?.items === 'append', at);
    else if (kind === 'macro') this.addMacro(name, item, append || override?.condition === 'append', at);
    else this.addRule(name, item, append, override ?? {}, at, keyLine('condition'));
  }

  private addList(name: string, item: Record<string, Json>, append: boolean, at: Where): void {
    const items = item.items === null || item.items === undefined ? [] : asStringList(item.items);
    if (!items) throw new RuleError(at.file, at.line, `list "${name}": items must be a list`);
    const prev = this.lists.get(name);
    if (append && prev) prev.items.push(...items);
    else {
      // Falco's own files define some lists in its syscall rules; appending to one that was never
      // loaded starts it, so overlays written for a full Falco install still load on their own.
      if (append) this.notes.push(`${at.file}:${at.line}: list "${name}" appended to before being defined; starting it here`);
      this.lists.set(name, { items: [...items], at });
    }
  }

  private addMacro(name: string, item: Record<string, Json>, append: boolean, at: Where): void {
    const condition = scalarText(item.condition);
    if (condition === undefined) throw new RuleError(at.file, at.line, `macro "${name}": condition must be a string`);
    const prev = this.macros.get(name);
    if (append) {
      if (!prev) throw new RuleError(at.file, at.line, `macro "${name}" has append but no macro of that name is defined before it`);
      prev.condition = `${prev.condition} ${condition}`;
    } else this.macros.set(name, { condition, at });
  }

  private parseExceptions(ruleName: string, value: Json, at: Where): ExceptionDef[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new RuleError(at.file, at.line, `rule "${ruleName}": exceptions must be a list`);
    return value.map((e: Json) => {
      const ex = e as Record<string, Json>;
      const name = scalarText(ex?.name);
      if (!name) throw new RuleError(at.file, at.line, `rule "${ruleName}": every exception needs a name`);
      const values = ex.values === undefined || ex.values === null ? [] : ex.values;
      if (!Array.isArray(values)) throw new RuleError(at.file, at.line, `rule "${ruleName}": exception "${name}": values must be a list`);
      return { name, fields: ex.fields, comps: ex.comps, values, at };
    });
  }

  private addRule(name: string, item: Record<string, Json>, append: boolean, override: Record<string, string>, at: Where, conditionLine: number): void {
    const prev = this.rules.get(name);
    const exceptions = this.parseExceptions(name, item.exceptions, at);
    const tags = item.tags === undefined ? undefined : asStringList(item.tags);
    if (item.tags !== undefined && !tags) throw new RuleError(at.file, at.line, `rule "${name}": tags must be a list`);
    if (item.enabled !== undefined && typeof item.enabled !== 'boolean') throw new RuleError(at.file, at.line, `rule "${name}": enabled must be true or false`);
    const definesBody = ['condition', 'output', 'priority', 'desc'].some((k) => k in item);
    const isPartial = append || Object.keys(override).length > 0 || (!definesBody && prev !== undefined);
    if (isPartial) {
      if (!prev) throw new RuleError(at.file, at.line, `rule "${name}" modifies a rule that is not defined before it`);
      const how = (key: string): 'append' | 'replace' | undefined => (append ? (key === 'condition' || key === 'exceptions' ? 'append' : undefined) : (override[key] as 'append' | 'replace' | undefined));
      for (const key of Object.keys(item)) {
        if (['rule', 'append', 'override', 'enabled'].includes(key)) continue;
        if (how(key) === undefined) throw new RuleError(at.file, at.line, `rule "${name}": ${key} given without saying in override whether to append or replace it`);
      }
      if ('condition' in item) {
        const cond = scalarText(item.condition) ?? '';
        prev.condition = how('condition') === 'append' ? `${prev.condition ?? ''} ${cond}` : cond;
        prev.conditionAt = { file: at.file, line: conditionLine };
      }
      if ('output' in item) prev.output = how('output') === 'append' ? `${prev.output ?? ''} ${scalarText(item.output) ?? ''}` : scalarText(item.output);
      if ('desc' in item) prev.desc = how('desc') === 'append' ? `${prev.desc} ${scalarText(item.desc) ?? ''}` : (scalarText(item.desc) ?? '');
      if ('priority' in item) prev.priority = scalarText(item.priority);
      if ('source' in item) prev.source = scalarText(item.source);
      if (tags) prev.tags = how('tags') === 'append' ? [...prev.tags, ...tags] : tags;
      if ('exceptions' in item) prev.exceptions = how('exceptions') === 'append' ? mergeExceptions(prev.exceptions, exceptions) : exceptions;
      if (typeof item.enabled === 'boolean') prev.enabled = item.enabled;
      return;
    }
    const def: RuleDef = {
      name,
      desc: scalarText(item.desc) ?? '',
      condition: scalarText(item.condition),
      output: scalarText(item.output),
      priority: scalarText(item.priority),
      tags: tags ?? [],
      enabled: item.enabled !== false,
      source: scalarText(item.source),
      exceptions,
      at,
      conditionAt: { file: at.file, line: conditionLine },
    };
    for (const key of ['condition', 'output', 'priority'] as const) {
      if (def[key] === undefined) throw new RuleError(at.file, at.line, `rule "${name}": missing ${key}`);
    }
    this.rules.set(name, def);
  }

  /**
   * Compiles every rule for the audit source; the first problem found is thrown as a RuleError.
   * Rule sets run side by side may share one field cache, so each field is read once per event.
   */
  compile(fields = new FieldCache()): RuleSet {
    const expanded = new Map<string, string[]>();
    const expanding = new Set<string>();
    const list = (name: string): string[] | undefined => {
      const def = this.lists.get(name);
      if (!def) return undefined;
      const done = expanded.get(name);
      if (done) return done;
      if (expanding.has(name)) throw new RuleError(def.at.file, def.at.line, `list "${name}" contains itself`);
      expanding.add(name);
      const out: string[] = [];
      for (const item of def.items) out.push(...(this.lists.has(item) ? (list(item) ?? []) : [item]));
      expanding.delete(name);
      expanded.set(name, out);
      return out;
    };
    const compiledMacros = new Map<string, Predicate>();
    const compilingMacros = new Set<string>();
    const env: CompileEnv = {
      list,
      macro: (name) => {
        const def = this.macros.get(name);
        if (!def) return undefined;
        const done = compiledMacros.get(name);
        if (done) return done;
        if (compilingMacros.has(name)) throw new RuleError(def.at.file, def.at.line, `macro "${name}" refers to itself`);
        compilingMacros.add(name);
        const pred = memoizePredicate(compileWithContext(def.condition, `macro "${name}"`, def.at, (ast) => compileNode(ast, env, fields)));
        compilingMacros.delete(name);
        compiledMacros.set(name, pred);
        return pred;
      },
    };
    const macroAsts = new Map<string, ConditionNode | undefined>();
    const constraintEnv = {
      list,
      macroAst: (name: string) => {
        if (!macroAsts.has(name)) {
          const def = this.macros.get(name);
          let ast: ConditionNode | undefined;
          try {
            ast = def ? parseCondition(def.condition) : undefined;
          } catch {
            ast = undefined;
          }
          macroAsts.set(name, ast);
        }
        return macroAsts.get(name);
      },
    };
    const rules: CompiledRule[] = [];
    for (const def of this.rules.values()) {
      const source = def.source ?? 'syscall';
      if (!AUDIT_SOURCES.has(source)) {
        this.notes.push(`${def.at.file}:${def.at.line}: rule "${def.name}" is for source ${source}, not k8s_audit; skipped`);
        continue;
      }
      const priority = parsePriority(def.priority ?? '');
      if (!priority) throw new RuleError(def.at.file, def.at.line, `rule "${def.name}": unknown priority ${JSON.stringify(def.priority)}`);
      let constraints: Constraints = {};
      const match = compileWithContext(def.condition ?? '', `rule "${def.name}"`, def.conditionAt, (ast) => {
        const full = withExceptions(ast, def);
        const compiled = compileNode(full, env, fields);
        constraints = constraintsOf(full, constraintEnv);
        return compiled;
      });
      let output: OutputTemplate;
      try {
        output = compileOutput(def.output ?? '', fields);
      } catch (e) {
        throw new RuleError(def.at.file, def.at.line, `rule "${def.name}": output: ${(e as Error).message}`);
      }
      rules.push({ name: def.name, desc: def.desc, priority, tags: def.tags, source, enabled: def.enabled, match, constraints, output, file: def.at.file, line: def.at.line });
    }
    return { rules, notes: this.notes };
  }
}

function mergeExceptions(prev: ExceptionDef[], more: ExceptionDef[]): ExceptionDef[] {
  const out = prev.map((e) => ({ ...e, values: [...e.values] }));
  for (const e of more) {
    const same = out.find((p) => p.name === e.name);
    if (same) same.values.push(...e.values);
    else out.push(e);
  }
  return out;
}

function compileWithContext(text: string, what: string, at: Where, compile: (ast: ConditionNode) => Predicate): Predicate {
  let ast: ConditionNode;
  try {
    ast = parseCondition(text);
  } catch (e) {
    if (e instanceof ConditionSyntaxError) throw new RuleError(at.file, at.line, `${what}: condition: ${e.message} (at column ${e.offset + 1} of the condition)`);
    throw e;
  }
  try {
    return compile(ast);
  } catch (e) {
    if (e instanceof CompileError) {
      const where = e.offset !== undefined ? ` (at column ${e.offset + 1} of the condition)` : '';
      throw new RuleError(at.file, at.line, `${what}: condition: ${e.message}${where}`);
    }
    if (e instanceof RuleError) throw new RuleError(e.file, e.line, `${e.problem} (used by ${what})`);
    throw e;
  }
}

function splitField(field: string): { field: string; arg?: string } {
  const b = field.indexOf('[');
  return b > 0 && field.endsWith(']') ? { field: field.slice(0, b), arg: field.slice(b + 1, -1) } : { field };
}

function comparison(fieldText: string, comp: string, value: Json, ex: ExceptionDef, ruleName: string): ConditionNode {
  const { field, arg } = splitField(fieldText);
  const op = comp === '==' ? '=' : comp;
  if (LIST_OPS.has(op)) {
    const values = Array.isArray(value) ? value : [value];
    return { type: 'list', field, arg, op: op as 'in' | 'intersects' | 'pmatch', items: values.map((v) => ({ text: scalarText(v) ?? '', quoted: false })), offset: 0 };
  }
  if (!(BINARY_OPS as readonly string[]).includes(op)) throw new RuleError(ex.at.file, ex.at.line, `rule "${ruleName}": exception "${ex.name}": unknown comparison ${comp}`);
  const text = scalarText(value);
  if (text === undefined) throw new RuleError(ex.at.file, ex.at.line, `rule "${ruleName}": exception "${ex.name}": ${fieldText} ${comp} needs a single value`);
  return { type: 'compare', field, arg, op: op as BinaryOp, value: text, offset: 0 };
}

/** `condition and not (exception₁ or exception₂ …)`, each exception a disjunction of value tuples. */
function withExceptions(ast: ConditionNode, def: RuleDef): ConditionNode {
  const alternatives: ConditionNode[] = [];
  for (const ex of def.exceptions) {
    if (typeof ex.fields === 'string') {
      const comp = scalarText(ex.comps) ?? 'in';
      if (LIST_OPS.has(comp)) {
        if (ex.values.length > 0) alternatives.push(comparison(ex.fields, comp, ex.values, ex, def.name));
      } else for (const v of ex.values) alternatives.push(comparison(ex.fields, comp, v, ex, def.name));
      continue;
    }
    const fieldList = asStringList(ex.fields);
    if (!fieldList) throw new RuleError(ex.at.file, ex.at.line, `rule "${def.name}": exception "${ex.name}": fields must be a field or a list of fields`);
    const comps = ex.comps === undefined ? fieldList.map(() => '=') : asStringList(ex.comps);
    if (!comps || comps.length !== fieldList.length) throw new RuleError(ex.at.file, ex.at.line, `rule "${def.name}": exception "${ex.name}": comps must list one comparison per field`);
    for (const tuple of ex.values) {
      if (!Array.isArray(tuple) || tuple.length !== fieldList.length) {
        throw new RuleError(ex.at.file, ex.at.line, `rule "${def.name}": exception "${ex.name}": each value must list one item per field (${fieldList.length})`);
      }
      const parts = fieldList.map((f, i) => comparison(f, comps[i], tuple[i], ex, def.name));
      alternatives.push(parts.length === 1 ? parts[0] : { type: 'and', items: parts });
    }
  }
  if (alternatives.length === 0) return ast;
  return { type: 'and', items: [ast, { type: 'not', item: alternatives.length === 1 ? alternatives[0] : { type: 'or', items: alternatives } }] };
}

/** Loads the files in order and compiles them into one rule set. */
export function loadRuleFiles(paths: readonly string[], fields?: FieldCache): RuleSet {
  const loader = new RuleLoader();
  for (const p of paths) loader.loadFile(p);
  return loader.compile(fields);
}
