import { annotationsOf, groupOf, isRecord, type KubeObject } from '../../core/k8s/object.js';

/** A core `v1` Service: a CRD called Service in another API group is not one. */
export function isCoreService(object: KubeObject): boolean {
  return object.kind === 'Service' && groupOf(object.apiVersion) === '';
}

/** An Ingress of `networking.k8s.io` or the removed `extensions` group. */
export function isIngress(object: KubeObject): boolean {
  return object.kind === 'Ingress' && ['networking.k8s.io', 'extensions'].includes(groupOf(object.apiVersion));
}

export function specOf(object: KubeObject): Record<string, unknown> {
  return isRecord(object.spec) ? object.spec : {};
}

export function serviceType(object: KubeObject): string {
  const type = specOf(object).type;
  return typeof type === 'string' && type !== '' ? type : 'ClusterIP';
}

export interface ServicePort {
  index: number;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  name?: string;
  protocol: string;
}

export function servicePorts(object: KubeObject): ServicePort[] {
  const ports = specOf(object).ports;
  if (!Array.isArray(ports)) return [];
  const out: ServicePort[] = [];
  ports.forEach((p, index) => {
    if (!isRecord(p)) return;
    const port: ServicePort = { index, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP' };
    if (typeof p.port === 'number') port.port = p.port;
    if (typeof p.targetPort === 'number' || typeof p.targetPort === 'string') port.targetPort = p.targetPort;
    if (typeof p.nodePort === 'number') port.nodePort = p.nodePort;
    if (typeof p.name === 'string') port.name = p.name;
    out.push(port);
  });
  return out;
}

/** Cloud annotations that make a LoadBalancer internal to the VPC rather than public. */
const INTERNAL_LB: Record<string, RegExp> = {
  'cloud.google.com/load-balancer-type': /^internal$/i,
  'networking.gke.io/load-balancer-type': /^internal$/i,
  'service.beta.kubernetes.io/aws-load-balancer-internal': /^(true|0\.0\.0\.0\/0)$/i,
  'service.beta.kubernetes.io/aws-load-balancer-scheme': /^internal$/i,
  'service.beta.kubernetes.io/azure-load-balancer-internal': /^true$/i,
  'service.beta.kubernetes.io/oci-load-balancer-internal': /^true$/i,
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type': /^private$/i,
};

export function isInternalLoadBalancer(object: KubeObject): boolean {
  const annotations = annotationsOf(object);
  return Object.entries(INTERNAL_LB).some(([key, value]) => typeof annotations[key] === 'string' && value.test(annotations[key]!.trim()));
}

/** Reachable from outside the cluster network: a public LoadBalancer, NodePorts, or external IPs. */
export function isExternallyReachable(object: KubeObject): boolean {
  const type = serviceType(object);
  const externalIPs = specOf(object).externalIPs;
  return (
    (type === 'LoadBalancer' && !isInternalLoadBalancer(object)) ||
    type === 'NodePort' ||
    (Array.isArray(externalIPs) && externalIPs.length > 0)
  );
}
