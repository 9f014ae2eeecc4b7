import { defineCheck } from '../../core/check.js';
import type { JsonPatchOp } from '../../core/finding.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { toJsonPointer } from '../../core/path.js';
import type { Workload } from '../../core/k8s/workload.js';
import { capabilityList, forbiddenAddFindings } from './capabilities.js';
import { containerPath, containersPhrase, isWindowsPod, joinQuote, NSA_POD_SECURITY_ENFORCEMENT, pssControl, sortedSet, type PssFinding, type PssVerdict } from './pss.js';

type MessageId = 'dropAll' | 'forbiddenAdd';

function restrictedCapabilities(workload: Workload): PssVerdict<MessageId> | undefined {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  const findings: PssFinding<MessageId>[] = [];
  for (const ref of workload.containers) {
    const drop = capabilityList(ref, 'drop');
    if (!drop.values?.includes('ALL')) {
      missingDropAll.push(ref.name);
      const path = containerPath(ref, 'securityContext', 'capabilities', 'drop');
      const fix: JsonPatchOp[] = drop.values
        ? [{ op: 'add', path: `${toJsonPointer(path)}/-`, value: 'ALL' }]
        : setFieldPatch(workload.object, path, ['ALL']);
      findings.push({ messageId: 'dropAll', path, container: ref.name, fix, fixSafety: 'safe' });
    }
    const added = forbiddenAddFindings(capabilityList(ref, 'add'), (c) => c === 'NET_BIND_SERVICE', 'forbiddenAdd' as const);
    if (added.findings.length > 0) {
      addingForbidden.push(ref.name);
      forbidden.push(...added.forbidden);
      findings.push(...added.findings);
    }
  }
  if (findings.length === 0) return undefined;
  const details: string[] = [];
  if (missingDropAll.length > 0) details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  if (addingForbidden.length > 0) {
    details.push(`${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`);
  }
  return { detail: details.join('; '), findings };
}

export default defineCheck({
  id: 'capabilities-restricted',
  code: 'SKD-118',
  title: 'Capabilities not dropped',
  description: 'Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'restricted', control: 'Capabilities' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    cis: ['5.2.10'],
  },
  docs: {
    rationale:
      'Even the default capability set (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW on some runtimes, …) lets a compromised process change file ownership, bypass permission checks or switch users. Dropping ALL and adding back only what the process needs removes that footing. Pod Security Admission requires it from policy v1.22; from v1.25 Windows pods (`spec.os.name: windows`) are exempt.',
    remediation: 'Set `securityContext.capabilities.drop: ["ALL"]` on every container and add back at most `NET_BIND_SERVICE`.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    example: {
      bad: 'securityContext:\n  capabilities:\n    add: [CHOWN]\n',
      good: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]\n',
    },
  },
  messages: {
    dropAll: 'unrestricted capabilities ({{detail}})',
    forbiddenAdd: 'unrestricted capabilities ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<MessageId>([
    { since: 'v1.22', evaluate: restrictedCapabilities },
    // Windows has no Linux capabilities: the API rejects them on Windows pods.
    { since: 'v1.25', evaluate: (workload) => (isWindowsPod(workload.podSpec) ? undefined : restrictedCapabilities(workload)) },
  ]),
});
