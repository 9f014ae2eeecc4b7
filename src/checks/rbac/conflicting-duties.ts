import { defineCheck, type Violation } from '../../core/check.js';
import { rbacModelOf, subjectJson } from '../../rbac/index.js';
import { conflictHolders, conflictingDutiesOf } from '../../rbac/conflicts.js';
import { DUTIES, dutiesOf, type DutyHolding } from '../../rbac/duties.js';
import { describeGrant } from '../../rbac/query.js';
import { describeSubject, subjectKey } from '../../rbac/subject.js';

const TITLES = new Map(DUTIES.map((d) => [d.id, d.title]));

function how(holding: DutyHolding): string {
  if (holding.builtin) return holding.builtin;
  const through = holding.through ? ` (as member of ${holding.through.map(describeSubject).join(', ')})` : '';
  return `${holding.grants.map(describeGrant).join('; ')}${through}`;
}

export default defineCheck({
  id: 'conflicting-duties',
  code: 'SKD-721',
  title: 'Conflicting duties held by one subject',
  description: 'A subject holds two duties that `.stockade.yaml` (rbac.conflictingDuties) declares must be held by different people.',
  severity: 'medium',
  category: 'rbac',
  frameworks: { mitre: ['T1078', 'T1098.006'] },
  docs: {
    rationale:
      'Segregation of duties keeps any one identity from completing a sensitive change alone: whoever changes RBAC should not also approve certificates, whoever deploys should not also read production secrets. The pairs are the organisation\'s policy; this check reports every subject (directly or through a group) holding both halves of a pair.',
    remediation: 'Split the duties across two subjects, or record an exception with its reason and owner.',
    references: ['https://csrc.nist.gov/glossary/term/separation_of_duty'],
    example: { bad: '# .stockade.yaml\nrbac:\n  conflictingDuties:\n  - [change-rbac, approve-certificates]\n' },
  },
  messages: { conflict: '{{subject}} holds both "{{first}}" ({{firstHow}}) and "{{second}}" ({{secondHow}}){{reason}}.' },
  scope: 'inventory',
  defaultEnabled: true,
  check(inventory, ctx) {
    const conflicts = conflictingDutiesOf(ctx.options.settings);
    if (conflicts.length === 0) return [];
    const model = rbacModelOf(inventory);
    const violations: Violation<'conflict'>[] = [];
    for (const { subject, conflict, holdings } of conflictHolders(dutiesOf(model), conflicts)) {
      const binding = holdings[0].grants[0]?.binding;
      if (!binding) continue;
      const index = binding.subjects.findIndex((s) => subjectKey(s) === subjectKey(subject));
      violations.push({
        messageId: 'conflict',
        entry: binding.entry,
        path: index >= 0 ? ['subjects', binding.subjectIndexes[index]!] : ['subjects'],
        discriminator: `${subjectKey(subject)}\u0000${conflict.duties.join('+')}`,
        data: {
          subject: describeSubject(subject),
          first: TITLES.get(conflict.duties[0])!,
          second: TITLES.get(conflict.duties[1])!,
          firstHow: how(holdings[0]),
          secondHow: how(holdings[1]),
          reason: conflict.reason ? `: ${conflict.reason}` : '',
        },
        extra: { subject: subjectJson(subject), duties: conflict.duties },
      });
    }
    return violations;
  },
});
