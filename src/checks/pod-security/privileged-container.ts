import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { containerPath, containersPhrase, NSA_POD_SECURITY_ENFORCEMENT, pssControl, securityContextOf } from './pss.js';

export default defineCheck({
  id: 'privileged-container',
  code: 'SKD-101',
  title: 'Privileged container',
  description: 'Containers must not run privileged.',
  severity: 'critical',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'Privileged Containers' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    cis: ['5.2.2'],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      'A privileged container runs with every capability and with the host devices visible: it can mount the host filesystem, load kernel modules and escape to the node. Pod Security Admission rejects it at the baseline level.',
    remediation: 'Remove `securityContext.privileged: true` (or set it to false) and grant only the specific capabilities the container needs.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    example: {
      bad: 'containers:\n- name: app\n  image: app:1.0\n  securityContext:\n    privileged: true\n',
      good: 'containers:\n- name: app\n  image: app:1.0\n  securityContext:\n    privileged: false\n',
    },
  },
  messages: {
    privileged: 'privileged ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.0',
      evaluate(workload) {
        const bad = workload.containers.filter((ref) => securityContextOf(ref)?.privileged === true);
        if (bad.length === 0) return undefined;
        return {
          detail: `${containersPhrase(bad.map((ref) => ref.name))} must not set securityContext.privileged=true`,
          findings: bad.map((ref) => {
            const path = containerPath(ref, 'securityContext', 'privileged');
            // Whatever needed the host's full power stops working: a person has to look.
            return { messageId: 'privileged' as const, path, container: ref.name, fix: setFieldPatch(workload.object, path, false), fixSafety: 'unsafe' as const };
          }),
        };
      },
    },
  ]),
});
