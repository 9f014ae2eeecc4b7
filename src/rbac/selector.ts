import { isRecord } from '../core/k8s/object.js';

/**
 * A metav1.LabelSelector as the aggregation controller evaluates it: `matchLabels` and
 * `matchExpressions` are ANDed; an empty selector matches everything.
 */
export type LabelMatcher = (labels: Record<string, string>) => boolean;

/** Compiles a selector; returns a problem string for a malformed one (it then matches nothing). */
export function compileSelector(selector: unknown): { matcher: LabelMatcher; problem?: string } {
  const never: LabelMatcher = () => false;
  if (!isRecord(selector)) return { matcher: never, problem: 'label selector is not a mapping' };
  const tests: LabelMatcher[] = [];
  const matchLabels = selector.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return { matcher: never, problem: 'matchLabels is not a mapping' };
    for (const [key, value] of Object.entries(matchLabels)) {
      const wanted = String(value);
      tests.push((labels) => labels[key] === wanted);
    }
  }
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return { matcher: never, problem: 'matchExpressions is not a list' };
    for (const expression of expressions) {
      if (!isRecord(expression) || typeof expression.key !== 'string') return { matcher: never, problem: 'matchExpressions item has no key' };
      const key = expression.key;
      const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
      switch (expression.operator) {
        case 'In':
          tests.push((labels) => labels[key] !== undefined && values.includes(labels[key]!));
          break;
        case 'NotIn':
          tests.push((labels) => labels[key] === undefined || !values.includes(labels[key]!));
          break;
        case 'Exists':
          tests.push((labels) => labels[key] !== undefined);
          break;
        case 'DoesNotExist':
          tests.push((labels) => labels[key] === undefined);
          break;
        default:
          return { matcher: never, problem: `matchExpressions operator ${JSON.stringify(expression.operator)} is not In, NotIn, Exists or DoesNotExist` };
      }
    }
  }
  return { matcher: (labels) => tests.every((test) => test(labels)) };
}
