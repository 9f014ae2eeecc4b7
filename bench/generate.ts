/**
 * Synthetic manifests for benchmarks: Deployments with two containers each, a realistic mix of
 * hardened and careless settings so that checks both pass and fire.
 */
export function generateDeployments(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const ns = `team-${i % 50}`;
    const hardened = i % 3 === 0;
    const privileged = i % 7 === 0;
    parts.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: app-${i}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
        tier: ${i % 2 === 0 ? 'frontend' : 'backend'}
    spec:
      serviceAccountName: ${hardened ? `app-${i}` : 'default'}
      ${hardened ? 'automountServiceAccountToken: false' : 'hostNetwork: false'}
      securityContext:
        runAsNonRoot: ${hardened}
        seccompProfile:
          type: ${hardened ? 'RuntimeDefault' : 'Unconfined'}
      containers:
      - name: app
        image: registry.example.com/shop/app-${i % 40}:${hardened ? '1.4.2' : 'latest'}
        ports:
        - containerPort: 8080
        securityContext:
          allowPrivilegeEscalation: ${!hardened}
          privileged: ${privileged}
          readOnlyRootFilesystem: ${hardened}
          capabilities:
            drop: ["ALL"]
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 500m, memory: 256Mi}
      - name: sidecar
        image: docker.io/library/envoy:v1.${i % 30}
        ports:
        - containerPort: 9901
        securityContext:
          runAsUser: ${hardened ? 10001 : 0}
        livenessProbe:
          httpGet: {path: /ready, port: 9901}
`);
  }
  return parts.join('---\n');
}
