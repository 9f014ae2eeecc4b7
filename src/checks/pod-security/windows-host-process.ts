import { defineCheck } from '../../core/check.js';
import { containerPath, containersPhrase, NSA_POD_SECURITY_ENFORCEMENT, podPath, podSecurityContextOf, pssControl, recordAt, securityContextOf, type PssFinding } from './pss.js';

export default defineCheck({
  id: 'windows-host-process',
  code: 'SKD-111',
  title: 'Windows HostProcess container',
  description: 'Windows pods must not run HostProcess containers.',
  severity: 'critical',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'HostProcess' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    cis: ['5.2.11'],
    mitre: ['T1611'],
  },
  docs: {
    rationale: 'A Windows HostProcess container runs directly on the node as a host process, with access to the host network and filesystem: the Windows equivalent of a privileged container.',
    remediation: 'Remove `windowsOptions.hostProcess: true` from the pod and container security contexts.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline', 'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/'],
    example: {
      bad: 'securityContext:\n  windowsOptions:\n    hostProcess: true\n',
      good: 'securityContext:\n  windowsOptions:\n    runAsUserName: ContainerUser\n',
    },
  },
  messages: {
    hostProcess: 'hostProcess ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.0',
      evaluate(workload) {
        const setters: string[] = [];
        const findings: PssFinding<'hostProcess'>[] = [];
        if (recordAt(podSecurityContextOf(workload.podSpec), 'windowsOptions')?.hostProcess === true) {
          setters.push('pod');
          findings.push({ messageId: 'hostProcess', path: podPath(workload, 'securityContext', 'windowsOptions', 'hostProcess') });
        }
        const bad = workload.containers.filter((ref) => recordAt(securityContextOf(ref), 'windowsOptions')?.hostProcess === true);
        for (const ref of bad) {
          findings.push({ messageId: 'hostProcess', path: containerPath(ref, 'securityContext', 'windowsOptions', 'hostProcess'), container: ref.name });
        }
        if (bad.length > 0) setters.push(containersPhrase(bad.map((ref) => ref.name)));
        if (findings.length === 0) return undefined;
        return { detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, findings };
      },
    },
  ]),
});
