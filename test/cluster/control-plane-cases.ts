/** YAML builders for the control-plane check cases: a static pod running one component, a kubelet configuration. */
export function staticPod(component: 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd', ...flags: string[]): string {
  const command = [component, ...flags].map((t) => `    - ${JSON.stringify(t)}`).join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${component}-cp1
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
  - name: ${component}
    image: registry.k8s.io/${component}:v1.30.2
    command:
${command}
`;
}

export function kubeletConfig(body: string): string {
  return `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata:
  name: node-a
${body}`;
}

/** The flags kubeadm gives kube-apiserver that the checks read, as in its default manifest. */
export const KUBEADM_APISERVER = [
  '--authorization-mode=Node,RBAC',
  '--enable-admission-plugins=NodeRestriction',
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
  '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--etcd-servers=https://127.0.0.1:2379',
  '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
  '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
];
