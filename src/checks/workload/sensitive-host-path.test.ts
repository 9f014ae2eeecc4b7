import { testCheck } from '../check-tester.js';
import check from './sensitive-host-path.js';

const pod = (path: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n  volumes:\n  - {name: v, hostPath: {path: "${path}"}}`;

testCheck(check, {
  valid: [
    { name: 'ordinary host path', yaml: pod('/data/app') },
    { name: 'time zone file', yaml: pod('/etc/localtime') },
    { name: 'no volumes', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}]}' },
    { name: 'emptyDir', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}], volumes: [{name: v, emptyDir: {}}]}' },
  ],
  invalid: [
    { name: 'host root', yaml: pod('/'), errors: [{ messageId: 'sensitive', path: 'spec.volumes[0].hostPath.path', severity: 'critical' }] },
    { name: 'containerd socket', yaml: pod('/run/containerd/containerd.sock'), errors: [{ messageId: 'runtimeSocket', severity: 'critical' }] },
    { name: 'docker socket written with a trailing slash and dot', yaml: pod('/var/run/./docker.sock/'), errors: [{ messageId: 'runtimeSocket', severity: 'critical' }] },
    { name: 'directory holding the sockets', yaml: pod('/var/run'), errors: [{ messageId: 'runtimeSocket', severity: 'critical' }] },
    { name: 'kubelet pods directory', yaml: pod('/var/lib/kubelet/pods'), errors: [{ messageId: 'sensitive', severity: 'critical' }] },
    { name: 'parent of sensitive paths', yaml: pod('/var'), errors: [{ messageId: 'runtimeSocket', severity: 'critical' }] },
    { name: 'host configuration', yaml: pod('/etc'), errors: [{ messageId: 'sensitive', severity: 'high' }] },
    { name: 'escaping with dot-dot', yaml: pod('/data/../etc'), errors: [{ messageId: 'sensitive', severity: 'high' }] },
    { name: 'another daemon socket by name', yaml: pod('/var/run/libvirt/libvirt-sock.sock'), errors: [{ messageId: 'sensitive', severity: 'high' }] },
    {
      name: 'a socket by its declared type',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n  volumes:\n  - {name: v, hostPath: {path: /srv/agent/api, type: Socket}}',
      errors: [{ messageId: 'sensitive', severity: 'high' }],
    },
    { name: 'home directories', yaml: pod('/home/admin/.ssh'), errors: [{ messageId: 'sensitive', severity: 'high' }] },
  ],
});
