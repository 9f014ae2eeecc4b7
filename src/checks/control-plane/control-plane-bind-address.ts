import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents, type Component } from './component-flags.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const CIS_ID: Partial<Record<Component, string>> = { 'kube-controller-manager': '1.3.7', 'kube-scheduler': '1.4.2' };

export default defineCheck({
  id: 'control-plane-bind-address',
  code: 'SKD-915',
  title: 'Controller manager or scheduler listens beyond localhost',
  description: 'kube-controller-manager and kube-scheduler should bind their secure port to 127.0.0.1.',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['1.3.7', '1.4.2'], mitre: ['T1046'] },
  docs: {
    rationale:
      'Both components serve health, metrics and (with profiling) debug endpoints. Nothing outside the node needs them, and their default bind address is every interface (0.0.0.0), which exposes them to the pod network and beyond.',
    remediation: 'Set `--bind-address=127.0.0.1` on kube-controller-manager and kube-scheduler (kubeadm does).',
    references: ['https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/'],
    example: { bad: 'command:\n- kube-scheduler\n', good: 'command:\n- kube-scheduler\n- --bind-address=127.0.0.1\n' },
  },
  messages: {
    exposed: '{{component}} listens on {{value}} ({{flag}}; CIS {{cis}}): bind it to 127.0.0.1.',
  },
  ...onComponents(['kube-controller-manager', 'kube-scheduler'], (c) => {
    const value = c.flags.get('bind-address')?.value;
    if (value !== undefined && LOOPBACK.has(value)) return [];
    return [flagViolation(c, 'bind-address', 'exposed' as const, { value: value ?? '0.0.0.0 (default)', cis: CIS_ID[c.component] ?? '' })];
  }),
});
