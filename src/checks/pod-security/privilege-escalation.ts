import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import type { Workload } from '../../core/k8s/workload.js';
import { containerPath, containersPhrase, isWindowsPod, NSA_POD_SECURITY_ENFORCEMENT, pssControl, securityContextOf, type PssVerdict } from './pss.js';

function noPrivilegeEscalation(workload: Workload): PssVerdict<'allowPrivilegeEscalation'> | undefined {
  const bad = workload.containers.filter((ref) => securityContextOf(ref)?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return undefined;
  return {
    detail: `${containersPhrase(bad.map((ref) => ref.name))} must set securityContext.allowPrivilegeEscalation=false`,
    findings: bad.map((ref) => {
      const path = containerPath(ref, 'securityContext', 'allowPrivilegeEscalation');
      return { messageId: 'allowPrivilegeEscalation' as const, path, container: ref.name, fix: setFieldPatch(workload.object, path, false), fixSafety: 'safe' as const };
    }),
  };
}

export default defineCheck({
  id: 'privilege-escalation',
  code: 'SKD-114',
  title: 'Privilege escalation allowed',
  description: 'Containers must set allowPrivilegeEscalation to false.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'restricted', control: 'Privilege Escalation' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    cis: ['5.2.6'],
    mitre: ['T1068'],
  },
  docs: {
    rationale:
      'Unless `allowPrivilegeEscalation` is false, a process can gain more privileges than its parent through setuid binaries or file capabilities (the `no_new_privs` flag is not set). Required from policy v1.8; from v1.25 Windows pods (`spec.os.name: windows`) are exempt.',
    remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    example: {
      bad: 'containers:\n- name: app\n  image: app:1.0\n',
      good: 'containers:\n- name: app\n  image: app:1.0\n  securityContext:\n    allowPrivilegeEscalation: false\n',
    },
  },
  messages: {
    allowPrivilegeEscalation: 'allowPrivilegeEscalation != false ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    { since: 'v1.8', evaluate: noPrivilegeEscalation },
    // Windows has no setuid or no_new_privs: the API rejects the field on Windows pods.
    { since: 'v1.25', evaluate: (workload) => (isWindowsPod(workload.podSpec) ? undefined : noPrivilegeEscalation(workload)) },
  ]),
});
