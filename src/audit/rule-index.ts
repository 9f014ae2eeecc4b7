import type { ConditionNode } from './condition.js';
import { expandItems } from './compile.js';
import type { AuditEvent } from './event.js';

/**
 * Indexing rules by what their conditions require, the way Falco indexes syscall rules by event
 * type: for each rule, the values a few event properties must take for it to match at all, derived
 * from its syntax tree. An event is then only tested against the rules whose requirements it meets.
 * Requirements are necessary conditions only, so skipping a rule can never lose an alert.
 */
export const DIMENSIONS = ['stage', 'verb', 'resource', 'subresource', 'systemUser', 'impersonated', 'anonymous'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Constraints = Partial<Record<Dimension, ReadonlySet<string>>>;

const SYSTEM_PREFIX = 'system:';
const ANONYMOUS = 'system:anonymous';

function part(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The event's value in each dimension, in the order of DIMENSIONS. */
export function eventIndexValues(ev: AuditEvent): string[] {
  const ref = ev.objectRef;
  const user = ev.user?.username;
  return [
    part(ev.stage),
    part(ev.verb),
    part(ref?.resource),
    part(ref?.subresource),
    typeof user === 'string' && user.startsWith(SYSTEM_PREFIX) ? 't' : 'f',
    ev.impersonatedUser !== null && typeof ev.impersonatedUser === 'object' ? 't' : 'f',
    user === ANONYMOUS ? 't' : 'f',
  ];
}

export function valuesAllowed(constraints: Constraints, values: readonly string[]): boolean {
  return DIMENSIONS.every((d, i) => {
    const allowed = constraints[d];
    return !allowed || allowed.has(values[i]);
  });
}

type Level<T> = Map<string, T>;

/**
 * The rules an event must be tried against, remembered per combination of dimension values in
 * nested maps (resource, verb, subresource, stage, then the three flags as an array slot), so no key
 * has to be built per event. Bounded: it starts over past `maxEntries` combinations.
 */
export class RuleIndex<R extends { constraints: Constraints }> {
  private root: Level<Level<Level<Level<(R[] | undefined)[]>>>> = new Map();
  private static readonly SLOTS = 8;
  private entries = 0;

  constructor(
    private readonly rules: readonly R[],
    private readonly maxEntries = 4096,
  ) {}

  rulesFor(ev: AuditEvent): readonly R[] {
    const ref = ev.objectRef;
    const resource = ref !== null && typeof ref === 'object' && typeof ref.resource === 'string' ? ref.resource : '';
    const subresource = ref !== null && typeof ref === 'object' && typeof ref.subresource === 'string' ? ref.subresource : '';
    const verb = typeof ev.verb === 'string' ? ev.verb : '';
    const stage = typeof ev.stage === 'string' ? ev.stage : '';
    const user = ev.user?.username;
    const slot =
      (typeof user === 'string' && user.startsWith(SYSTEM_PREFIX) ? 4 : 0) +
      (ev.impersonatedUser !== null && typeof ev.impersonatedUser === 'object' ? 2 : 0) +
      (user === ANONYMOUS ? 1 : 0);
    let byVerb = this.root.get(resource);
    if (!byVerb) this.root.set(resource, (byVerb = new Map()));
    let bySub = byVerb.get(verb);
    if (!bySub) byVerb.set(verb, (bySub = new Map()));
    let byStage = bySub.get(subresource);
    if (!byStage) bySub.set(subresource, (byStage = new Map()));
    let slots = byStage.get(stage);
    if (!slots) byStage.set(stage, (slots = new Array<R[] | undefined>(RuleIndex.SLOTS)));
    let found = slots[slot];
    if (!found) {
      if (++this.entries > this.maxEntries) {
        this.root = new Map();
        this.entries = 0;
        return this.rulesFor(ev);
      }
      found = this.rules.filter((r) => valuesAllowed(r.constraints, eventIndexValues(ev)));
      slots[slot] = found;
    }
    return found;
  }
}

const FIELD_DIMENSION: Record<string, Dimension> = {
  'jevt.value[/stage]': 'stage',
  'json.value[/stage]': 'stage',
  'ka.stage': 'stage',
  'ka.verb': 'verb',
  'jevt.value[/verb]': 'verb',
  'json.value[/verb]': 'verb',
  'ka.target.resource': 'resource',
  'jevt.value[/objectRef/resource]': 'resource',
  'json.value[/objectRef/resource]': 'resource',
  'ka.target.subresource': 'subresource',
  'jevt.value[/objectRef/subresource]': 'subresource',
  'json.value[/objectRef/subresource]': 'subresource',
};

export interface ConstraintEnv {
  list(name: string): readonly string[] | undefined;
  macroAst(name: string): ConditionNode | undefined;
}

type Check = Extract<ConditionNode, { type: 'exists' | 'compare' | 'list' }>;

function fieldKey(node: Check): string {
  return node.arg === undefined ? node.field : `${node.field}[${node.arg}]`;
}

const isSystem = (name: string) => (name.startsWith(SYSTEM_PREFIX) ? 't' : 'f');

/** Requirements of a check that holds. */
function positive(node: Check, env: ConstraintEnv): Constraints {
  const key = fieldKey(node);
  const out: Constraints = {};
  // Every check fails on a missing field, so checking anything about the impersonated user needs one.
  if (key === 'ka.impuser.name' || /^(jevt|json)\.value\[\/impersonatedUser(\/|\])/.test(key)) out.impersonated = new Set(['t']);
  const values = node.type === 'compare' && node.op === '=' ? [node.value] : node.type === 'list' && node.op !== 'pmatch' ? expandItems(node.items, { list: env.list, macro: () => undefined }) : undefined;
  const dim = FIELD_DIMENSION[key];
  if (dim && values) out[dim] = new Set(values);
  if (key === 'ka.user.name') {
    if (values) {
      out.systemUser = new Set(values.map(isSystem));
      out.anonymous = new Set(values.map((v) => (v === ANONYMOUS ? 't' : 'f')));
    }
    else if (node.type === 'compare' && node.op === 'startswith' && node.value.startsWith(SYSTEM_PREFIX)) out.systemUser = new Set(['t']);
    else if (node.type === 'compare' && node.op === 'startswith' && !SYSTEM_PREFIX.startsWith(node.value)) out.systemUser = new Set(['f']);
  }
  return out;
}

/** Requirements of a check that fails (under `not`). */
function negative(node: ConditionNode): Constraints {
  if (node.type === 'exists' && FIELD_DIMENSION[fieldKey(node)] === 'subresource') return { subresource: new Set(['']) };
  if (node.type === 'compare' && fieldKey(node) === 'ka.user.name' && node.op === 'startswith' && SYSTEM_PREFIX.startsWith(node.value)) return { systemUser: new Set(['f']) };
  return {};
}

function intersect(into: Constraints, more: Constraints): void {
  for (const d of DIMENSIONS) {
    const v = more[d];
    if (!v) continue;
    const prev = into[d];
    into[d] = prev ? new Set([...prev].filter((x) => v.has(x))) : v;
  }
}

/**
 * `and` requires what any operand requires (intersected); `or` requires the union when every
 * branch requires something; `not` of a few recognised checks requires their absence.
 */
export function constraintsOf(node: ConditionNode, env: ConstraintEnv, seen = new Set<string>()): Constraints {
  switch (node.type) {
    case 'exists':
    case 'compare':
    case 'list':
      return positive(node, env);
    case 'not':
      return negative(node.item);
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
      for (const item of node.items) intersect(out, constraintsOf(item, env, seen));
      return out;
    }
    case 'or': {
      const parts = node.items.map((i) => constraintsOf(i, env, seen));
      const out: Constraints = {};
      for (const d of DIMENSIONS) {
        if (parts.every((p) => p[d])) out[d] = new Set(parts.flatMap((p) => [...(p[d] ?? [])]));
      }
      return out;
    }
  }
}
