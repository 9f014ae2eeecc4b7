import { memoized } from '../../core/memo.js';

/**
 * Kubernetes resource quantities (`100m`, `1.5`, `512Mi`, `1e3`, `2G`), as the API server
 * parses them, reduced to a number for comparison. Undefined when not a valid quantity.
 */
const SUFFIXES: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter splits a digit run two ways and backtracks quadratically.
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The same few quantities (`100m`, `128Mi`) recur in every workload: each is parsed once. */
const parseQuantityOnce = memoized(parseQuantityText, 4096);

export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  return parseQuantityOnce(value);
}

function parseQuantityText(value: string): number | undefined {
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  if (match[2] !== undefined) return number * 10 ** Number(match[2].slice(1));
  return number * SUFFIXES[match[3] ?? '']!;
}
