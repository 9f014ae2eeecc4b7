import { testCheck } from '../check-tester.js';
import check from './privileged-workload-powerful-token.js';
import { clusterGrant } from './rbac-cases.js';

const SECRETS = '[{apiGroups: [""], resources: [secrets], verbs: [list]}]';
const CONFIGMAPS = '[{apiGroups: [""], resources: [configmaps], verbs: [list]}]';

function daemonSet(spec: string): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: team}
spec:
  template:
    spec:
      serviceAccountName: app
${spec
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}`;
}

testCheck(check, {
  valid: [
    { name: 'host access, harmless token', yaml: `${daemonSet('hostNetwork: true\ncontainers: [{name: a, image: a}]')}\n---\n${clusterGrant(CONFIGMAPS)}` },
    { name: 'powerful token, no host access', yaml: `${daemonSet('containers: [{name: a, image: a}]')}\n---\n${clusterGrant(SECRETS)}` },
    {
      name: 'host access and a powerful account, token not mounted',
      yaml: `${daemonSet('hostPID: true\nautomountServiceAccountToken: false\ncontainers: [{name: a, image: a}]')}\n---\n${clusterGrant(SECRETS)}`,
    },
  ],
  invalid: [
    {
      name: 'hostPath volume and secrets read',
      yaml: `${daemonSet('volumes: [{name: root, hostPath: {path: /}}]\ncontainers: [{name: a, image: a}]')}\n---\n${clusterGrant(SECRETS)}`,
      errors: [{ messageId: 'privilegedWithPowerfulToken', path: 'spec.template.spec.volumes[0].hostPath' }],
    },
    {
      name: 'privileged container, powerful through the group of all service accounts',
      yaml: `${daemonSet('containers: [{name: a, image: a, securityContext: {privileged: true}}]')}\n---\n${clusterGrant(
        '[{apiGroups: [""], resources: [pods/exec], verbs: [create]}]',
        '[{kind: Group, name: "system:serviceaccounts:team"}]',
      )}`,
      errors: [{ messageId: 'privilegedWithPowerfulToken', path: 'spec.template.spec.containers[0].securityContext.privileged' }],
    },
  ],
});
