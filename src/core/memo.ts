/**
 * Remembers a parser's results per input string, for texts that recur: package versions in
 * vulnerability matching, image references, quantities and env var names across workloads. The
 * cache is bounded (cleared when full) so that memory stays flat however many texts pass through.
 */
export function memoized<T>(parse: (text: string) => T, limit = 20_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text: string): T => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) {
      if (cache.size >= limit) cache.clear();
      value = parse(text);
      cache.set(text, value);
    }
    return value as T;
  };
}
