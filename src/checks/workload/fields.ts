/**
 * A list field as written, or empty when it is absent or not a list. The types describe
 * well-formed manifests; real ones arrive in every shape, and a check must not throw on them.
 */
export function listOf<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
