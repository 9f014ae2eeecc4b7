import type { Check } from '../core/check.js';
import { WORKLOAD_KINDS } from '../core/k8s/workload.js';

/** Distinct kinds remembered; beyond it (a cluster with that many CRDs) lists are built per request. */
const MAX_KINDS = 256;

/**
 * The checks of one list that can apply to an object of a given kind, worked out once per kind
 * instead of per request. A request judges one object, and most of the catalogue cannot apply to
 * it: object checks of other kinds, and workload checks when the kind has no pod template. The
 * engine would skip those anyway, but only after indexing the whole list on every call; handing
 * it the short list gives the same findings, in the same order, for less work.
 */
export class ApplicableChecks {
  private readonly byKind = new Map<string, readonly Check[]>();

  constructor(readonly all: readonly Check[]) {}

  for(kind: string): readonly Check[] {
    let checks = this.byKind.get(kind);
    if (checks) return checks;
    // Frozen: the engine then indexes this list once, not on every request.
    checks = Object.freeze(applicableTo(this.all, kind));
    if (this.byKind.size < MAX_KINDS) this.byKind.set(kind, checks);
    return checks;
  }
}

/**
 * Keeps the list's order: the engine runs workload checks, then object checks, then inventory
 * checks, each in list order, so the findings come out as they would from the whole list.
 * An object check is handed on with its kinds narrowed to this one, since the engine indexes
 * every kind a check names on each call (the API-version checks name forty).
 */
export function applicableTo(checks: readonly Check[], kind: string): Check[] {
  const workload = WORKLOAD_KINDS.has(kind);
  const out: Check[] = [];
  for (const check of checks) {
    if (check.scope === 'inventory' || (check.scope === 'workload' && workload)) out.push(check);
    else if (check.scope === 'object' && check.kinds.includes(kind)) out.push(check.kinds.length === 1 ? check : { ...check, kinds: [kind] });
  }
  return out;
}
