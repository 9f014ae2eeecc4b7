import { defineCheck } from '../../core/check.js';
import type { Workload } from '../../core/k8s/workload.js';
import { containerPath, containersPhrase, inUserNamespace, NSA_NON_ROOT, podPath, podSecurityContextOf, pssControl, securityContextOf, type PssFinding, type PssVerdict } from './pss.js';

function noRootUser(workload: Workload): PssVerdict<'runAsUserZero'> | undefined {
  const setters: string[] = [];
  const findings: PssFinding<'runAsUserZero'>[] = [];
  if (podSecurityContextOf(workload.podSpec)?.runAsUser === 0) {
    setters.push('pod');
    findings.push({ messageId: 'runAsUserZero', path: podPath(workload, 'securityContext', 'runAsUser') });
  }
  const bad = workload.containers.filter((ref) => securityContextOf(ref)?.runAsUser === 0);
  for (const ref of bad) findings.push({ messageId: 'runAsUserZero', path: containerPath(ref, 'securityContext', 'runAsUser'), container: ref.name });
  if (bad.length > 0) setters.push(containersPhrase(bad.map((ref) => ref.name)));
  if (findings.length === 0) return undefined;
  return { detail: `${setters.join(' and ')} must not set runAsUser=0`, findings };
}

export default defineCheck({
  id: 'run-as-root-user',
  code: 'SKD-116',
  title: 'Runs as UID 0',
  description: 'Pods and containers must not set runAsUser to 0 (root).',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'restricted', control: 'Running as Non-root user' },
    nsa: [NSA_NON_ROOT],
    cis: ['5.2.7'],
    mitre: ['T1611'],
  },
  docs: {
    rationale: 'runAsUser: 0 runs the container as root regardless of the image, with the same consequences on escape as a root image. Forbidden from policy v1.23; from v1.35 pods with `hostUsers: false` are exempt, their UID 0 being an unprivileged user on the node.',
    remediation: 'Set `runAsUser` to a non-zero UID (10000 or above avoids clashing with host users), or remove it and use an image with a non-root USER.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    example: {
      bad: 'securityContext:\n  runAsUser: 0\n',
      good: 'securityContext:\n  runAsUser: 10001\n',
    },
  },
  messages: {
    runAsUserZero: 'runAsUser=0 ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    { since: 'v1.23', evaluate: noRootUser },
    // In its own user namespace (hostUsers: false) UID 0 maps to an unprivileged host user.
    { since: 'v1.35', evaluate: (workload) => (inUserNamespace(workload.podSpec) ? undefined : noRootUser(workload)) },
  ]),
});
