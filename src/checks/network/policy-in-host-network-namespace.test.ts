import { testCheck } from '../check-tester.js';
import check from './policy-in-host-network-namespace.js';

const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: agents}
spec: {podSelector: {}}`;

const daemon = (hostNetwork: boolean, name = 'agent') => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: agents}
spec:
  template:
    metadata: {labels: {app: ${name}}}
    spec: {hostNetwork: ${hostNetwork}, containers: [{name: a, image: a:1}]}`;

testCheck(check, {
  valid: [
    { name: 'pods on the pod network', yaml: `${policy}\n---\n${daemon(false)}` },
    { name: 'one pod on the pod network is enough', yaml: `${policy}\n---\n${daemon(true)}\n---\n${daemon(false, 'exporter')}` },
    { name: 'no workloads of the namespace in the input', yaml: policy },
  ],
  invalid: [{ name: 'all pods on the host network', yaml: `${policy}\n---\n${daemon(true)}`, errors: [{ messageId: 'noEffect', path: 'spec.podSelector' }] }],
});
