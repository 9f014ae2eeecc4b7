import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents, type Component } from './component-flags.js';

const CIS_ID: Partial<Record<Component, string>> = { 'kube-apiserver': '1.2.15', 'kube-controller-manager': '1.3.2', 'kube-scheduler': '1.4.1' };

export default defineCheck({
  id: 'control-plane-profiling',
  code: 'SKD-907',
  title: 'Control-plane profiling endpoint enabled',
  description: 'kube-apiserver, kube-controller-manager and kube-scheduler should run with --profiling=false.',
  severity: 'low',
  category: 'control-plane',
  frameworks: { cis: ['1.2.15', '1.3.2', '1.4.1'], mitre: ['T1082'] },
  docs: {
    rationale:
      'Profiling (on by default) serves /debug/pprof: program internals useful to an attacker studying the component, and expensive CPU and heap profiles that anyone allowed to reach the endpoint can trigger repeatedly.',
    remediation: 'Add `--profiling=false` to the command of kube-apiserver, kube-controller-manager and kube-scheduler.',
    references: ['https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    example: { bad: 'command:\n- kube-scheduler\n', good: 'command:\n- kube-scheduler\n- --profiling=false\n' },
  },
  messages: {
    profiling: '{{component}} serves profiling data: {{flag}} is "{{value}}" (set it to false; CIS {{cis}}).',
  },
  ...onComponents(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'], (c) => {
    const value = c.flags.get('profiling')?.value;
    if (value === 'false') return [];
    return [flagViolation(c, 'profiling', 'profiling' as const, { value: value ?? 'true (default)', cis: CIS_ID[c.component] ?? '' })];
  }),
});
