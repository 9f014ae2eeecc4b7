import { isRecord } from './object.js';

/**
 * A compiled metav1.LabelSelector. `matchLabels` and every `matchExpressions` requirement are
 * ANDed; an empty selector matches everything. A selector that cannot be compiled (unknown
 * operator, `In` without values) matches nothing, as the API server would have rejected it.
 */
export interface Selector {
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** Selects everything (`{}`). */
  readonly empty: boolean;
  /** Human form: `app=web,tier in (a,b)`, `{}` for the empty selector. */
  readonly text: string;
  /** Why the selector is invalid, when it is. */
  readonly error?: string;
}

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

const MATCH_NOTHING = (text: string, error: string): Selector => ({ matches: () => false, empty: false, text, error });

export function compileSelector(raw: unknown): Selector {
  if (raw === null || raw === undefined) return compileSelector({});
  if (!isRecord(raw)) return MATCH_NOTHING(String(raw), 'selector is not an object');
  const requirements: Requirement[] = [];
  const parts: string[] = [];
  const matchLabels = raw.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return MATCH_NOTHING('?', 'matchLabels is not a map');
    for (const [key, value] of Object.entries(matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const expected = String(value);
      requirements.push((labels) => labels[key] === expected);
      parts.push(`${key}=${expected}`);
    }
  }
  const expressions = raw.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return MATCH_NOTHING('?', 'matchExpressions is not a list');
    for (const expression of expressions) {
      const compiled = compileExpression(expression);
      if ('error' in compiled) return MATCH_NOTHING(parts.join(','), compiled.error);
      requirements.push(compiled.test);
      parts.push(compiled.text);
    }
  }
  const text = parts.length === 0 ? '{}' : parts.join(',');
  if (requirements.length === 0) return { matches: () => true, empty: true, text };
  if (requirements.length === 1) return { matches: requirements[0]!, empty: false, text };
  return { matches: (labels) => requirements.every((r) => r(labels)), empty: false, text };
}

function compileExpression(raw: unknown): { test: Requirement; text: string } | { error: string } {
  if (!isRecord(raw) || typeof raw.key !== 'string') return { error: 'matchExpressions entry without a key' };
  const key = raw.key;
  const operator = String(raw.operator ?? '');
  const values = Array.isArray(raw.values) ? raw.values.map(String) : [];
  switch (operator) {
    case 'In': {
      if (values.length === 0) return { error: `operator In on "${key}" needs values` };
      const set = new Set(values);
      return { test: (l) => l[key] !== undefined && set.has(l[key]!), text: `${key} in (${values.join(',')})` };
    }
    case 'NotIn': {
      if (values.length === 0) return { error: `operator NotIn on "${key}" needs values` };
      const set = new Set(values);
      // A pod without the key satisfies NotIn (labels.Selector semantics).
      return { test: (l) => l[key] === undefined || !set.has(l[key]!), text: `${key} notin (${values.join(',')})` };
    }
    case 'Exists':
      if (values.length > 0) return { error: `operator Exists on "${key}" takes no values` };
      return { test: (l) => l[key] !== undefined, text: key };
    case 'DoesNotExist':
      if (values.length > 0) return { error: `operator DoesNotExist on "${key}" takes no values` };
      return { test: (l) => l[key] === undefined, text: `!${key}` };
    default:
      return { error: `unknown selector operator "${operator}" on "${key}"` };
  }
}

/** The labels a namespace carries, with the automatic `kubernetes.io/metadata.name` (since Kubernetes 1.21). */
export function namespaceLabels(name: string, declared: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return { ...(declared ?? {}), 'kubernetes.io/metadata.name': name };
}

export function labelMap(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  const out: Record<string, string> = {};
  // for...in over own keys visits them in Object.entries' order without making a pair for each.
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = raw[key];
    if (value !== null && value !== undefined) out[key] = String(value);
  }
  return out;
}
