import { isRecord } from '../core/k8s/object.js';
import { DUTY_IDS, effectiveDuties, type DutiesReport, type DutyHolding } from './duties.js';
import { isPlatformSubject } from './platform.js';
import { SYSTEM_MASTERS, type Subject } from './subject.js';

/** Two duties one identity must not hold together (`.stockade.yaml`: `rbac.conflictingDuties`). */
export interface DutyConflict {
  duties: [string, string];
  reason?: string;
}

/**
 * Reads `rbac.conflictingDuties`: a list whose items are a pair `[a, b]` or
 * `{duties: [a, b], reason: ...}`. Throws on a malformed entry, naming it.
 */
export function conflictingDutiesOf(settings: Record<string, unknown>): DutyConflict[] {
  const rbac = settings.rbac;
  if (rbac === undefined || rbac === null) return [];
  if (!isRecord(rbac)) throw new Error('rbac: expected a mapping');
  const list = rbac.conflictingDuties;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new Error('rbac.conflictingDuties: expected a list of duty pairs');
  return list.map((item, i) => {
    const where = `rbac.conflictingDuties[${i}]`;
    const pair = Array.isArray(item) ? item : isRecord(item) ? item.duties : undefined;
    if (!Array.isArray(pair) || pair.length !== 2 || pair.some((d) => typeof d !== 'string')) {
      throw new Error(`${where}: expected two duty ids, [a, b] or {duties: [a, b], reason: ...}`);
    }
    for (const duty of pair as string[]) {
      if (!DUTY_IDS.includes(duty)) throw new Error(`${where}: unknown duty "${duty}" (known: ${DUTY_IDS.join(', ')})`);
    }
    const conflict: DutyConflict = { duties: [pair[0] as string, pair[1] as string] };
    if (isRecord(item) && typeof item.reason === 'string') conflict.reason = item.reason;
    return conflict;
  });
}

export interface ConflictHolder {
  subject: Subject;
  conflict: DutyConflict;
  holdings: [DutyHolding, DutyHolding];
}

/**
 * Subjects effectively holding both duties of a conflicting pair. system:masters (which holds
 * every duty by definition) and the control plane's own identities are left out.
 */
export function conflictHolders(report: DutiesReport, conflicts: readonly DutyConflict[]): ConflictHolder[] {
  const holders: ConflictHolder[] = [];
  for (const subject of report.subjects) {
    if ((subject.kind === 'Group' && subject.name === SYSTEM_MASTERS) || isPlatformSubject(subject)) continue;
    const held = effectiveDuties(report, subject);
    for (const conflict of conflicts) {
      const a = held.get(conflict.duties[0]);
      const b = held.get(conflict.duties[1]);
      if (a && b) holders.push({ subject, conflict, holdings: [a, b] });
    }
  }
  return holders;
}
