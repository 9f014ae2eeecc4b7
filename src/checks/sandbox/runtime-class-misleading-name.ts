import { defineCheck } from '../../core/check.js';
import { describeObject, groupOf } from '../../core/k8s/object.js';
import { isSandboxName } from './sandbox-policy.js';

export default defineCheck({
  id: 'runtime-class-misleading-name',
  code: 'SKD-504',
  title: 'RuntimeClass named like a sandbox runs an ordinary runtime',
  description: 'A RuntimeClass whose name suggests a sandbox (gvisor, kata, firecracker) must use a sandboxing handler.',
  severity: 'medium',
  category: 'sandbox',
  frameworks: { mitre: ['T1611'] },
  docs: {
    rationale:
      'Workloads pick a RuntimeClass by name, and reviewers trust the name: a class called `gvisor` whose handler is `runc` runs pods directly on the host kernel while every manifest that selects it looks sandboxed.',
    remediation: 'Point the handler at the sandbox runtime configured on the nodes (`runsc` for gVisor, `kata-*` for Kata Containers), or rename the class.',
    references: ['https://kubernetes.io/docs/concepts/containers/runtime-class/'],
  },
  messages: {
    misleading: '{{runtimeClass}} is named like a sandbox but its handler "{{handler}}" is an ordinary runtime, so pods selecting it are not sandboxed; set the sandbox handler or rename the class.',
  },
  scope: 'object',
  kinds: ['RuntimeClass'],
  check(object) {
    const name = object.metadata?.name;
    const handler = object.handler;
    if (groupOf(object.apiVersion) !== 'node.k8s.io' || typeof name !== 'string' || typeof handler !== 'string') return [];
    if (!isSandboxName(name) || isSandboxName(handler)) return [];
    return [{ messageId: 'misleading', data: { runtimeClass: describeObject(object), handler }, path: ['handler'] }];
  },
});
