import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';

export default defineCheck({
  id: 'readonly-root-filesystem',
  code: 'SKD-201',
  title: 'Writable root filesystem',
  description: 'Containers should run with a read-only root filesystem.',
  severity: 'medium',
  category: 'workload',
  frameworks: { nsa: ['Pod security: immutable container file systems'], cis: ['5.7.3'], mitre: ['T1059', 'T1105'] },
  docs: {
    rationale:
      'A writable root filesystem lets an attacker who gains code execution drop tools, modify binaries or persist in the container. An immutable root filesystem, with explicit emptyDir or volume mounts for the paths the application writes, removes that foothold.',
    remediation: 'Set `securityContext.readOnlyRootFilesystem: true` on each container and mount writable volumes (emptyDir) only where the application writes.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    example: {
      bad: 'containers:\n- name: app\n  image: app:1.0\n',
      good: 'containers:\n- name: app\n  image: app:1.0\n  securityContext:\n    readOnlyRootFilesystem: true\n',
    },
  },
  messages: {
    writable: 'Container "{{container}}" does not set securityContext.readOnlyRootFilesystem=true.',
  },
  scope: 'workload',
  check(workload) {
    return workload.containers
      .filter((ref) => ref.kind !== 'ephemeralContainers' && ref.container.securityContext?.readOnlyRootFilesystem !== true)
      .map((ref) => {
        const path = [...ref.path, 'securityContext', 'readOnlyRootFilesystem'];
        return {
          messageId: 'writable' as const,
          data: { container: ref.name },
          path,
          container: ref.name,
          // The application may write to its root filesystem: fixing needs a human's look.
          fix: setFieldPatch(workload.object, path, true),
          fixSafety: 'unsafe' as const,
        };
      });
  },
});
