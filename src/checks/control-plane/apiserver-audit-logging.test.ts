import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-audit-logging.js';

testCheck(check, {
  valid: [
    { name: 'log file and policy', yaml: staticPod('kube-apiserver', '--audit-policy-file=/etc/kubernetes/audit-policy.yaml', '--audit-log-path=/var/log/audit.log') },
    { name: 'webhook backend and policy', yaml: staticPod('kube-apiserver', '--audit-webhook-config-file=/etc/kubernetes/audit-webhook.yaml', '--audit-policy-file', '/etc/kubernetes/audit-policy.yaml') },
  ],
  invalid: [
    { name: 'nothing', yaml: staticPod('kube-apiserver'), errors: [{ messageId: 'noBackend', path: 'spec.containers[0]' }] },
    { name: 'log path without policy', yaml: staticPod('kube-apiserver', '--audit-log-path=/var/log/audit.log'), errors: [{ messageId: 'noPolicy', path: 'spec.containers[0]' }] },
    { name: 'policy without backend', yaml: staticPod('kube-apiserver', '--audit-policy-file=/etc/kubernetes/audit-policy.yaml'), errors: [{ messageId: 'noBackend' }] },
    { name: 'empty log path', yaml: staticPod('kube-apiserver', '--audit-log-path=', '--audit-policy-file=/p.yaml'), errors: [{ messageId: 'noBackend', path: 'spec.containers[0].command[1]' }] },
  ],
});
