import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import type { Workload } from '../../core/k8s/workload.js';
import { annotationPath, annotationsOf, containerPath, containersPhrase, joinQuote, NSA_HARDENED_RUNTIME, pluralize, podPath, pssControl, sortedSet, type PssFinding, type PssVerdict } from './pss.js';
import { containerSeccompType, isConfinedSeccompType, podSeccompType } from './seccomp.js';

type MessageId = 'forbiddenAnnotation' | 'unconfined';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function isConfinedAnnotationValue(value: unknown): boolean {
  return typeof value === 'string' && (value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'));
}

/** Before v1.19 seccomp was configured through alpha annotations on the pod. */
function seccompAnnotations(workload: Workload): PssVerdict<MessageId> | undefined {
  const annotations = annotationsOf(workload);
  const keys = new Map<string, string | undefined>([[POD_ANNOTATION, undefined]]);
  for (const ref of workload.containers) keys.set(CONTAINER_ANNOTATION_PREFIX + ref.name, ref.name);
  const forbidden: string[] = [];
  const findings: PssFinding<MessageId>[] = [];
  for (const [key, container] of keys) {
    if (!Object.hasOwn(annotations, key) || isConfinedAnnotationValue(annotations[key])) continue;
    forbidden.push(`${key}=${JSON.stringify(String(annotations[key]))}`);
    const path = annotationPath(workload, key);
    // An unconfined workload may make system calls the runtime default profile blocks.
    const fix = setFieldPatch(workload.object, path, 'runtime/default');
    findings.push(container === undefined ? { messageId: 'forbiddenAnnotation', path, fix, fixSafety: 'unsafe' } : { messageId: 'forbiddenAnnotation', path, container, fix, fixSafety: 'unsafe' });
  }
  if (findings.length === 0) return undefined;
  const listed = sortedSet(forbidden);
  return { detail: `forbidden ${pluralize('annotation', 'annotations', listed.length)} ${listed.join(', ')}`, findings };
}

/** From v1.19 the `seccompProfile` fields: any type but RuntimeDefault or Localhost is forbidden where set. */
function seccompFields(workload: Workload): PssVerdict<MessageId> | undefined {
  const setters: string[] = [];
  const values: string[] = [];
  const findings: PssFinding<MessageId>[] = [];
  const podType = podSeccompType(workload.podSpec);
  if (podType !== undefined && !isConfinedSeccompType(podType)) {
    setters.push('pod');
    values.push(podType);
    const path = podPath(workload, 'securityContext', 'seccompProfile', 'type');
    findings.push({ messageId: 'unconfined', path, fix: setFieldPatch(workload.object, path, 'RuntimeDefault'), fixSafety: 'unsafe' });
  }
  const badContainers: string[] = [];
  for (const ref of workload.containers) {
    const type = containerSeccompType(ref);
    if (type === undefined || isConfinedSeccompType(type)) continue;
    badContainers.push(ref.name);
    values.push(type);
    const path = containerPath(ref, 'securityContext', 'seccompProfile', 'type');
    findings.push({ messageId: 'unconfined', path, container: ref.name, fix: setFieldPatch(workload.object, path, 'RuntimeDefault'), fixSafety: 'unsafe' });
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  if (findings.length === 0) return undefined;
  return { detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`, findings };
}

export default defineCheck({
  id: 'seccomp-baseline',
  code: 'SKD-107',
  title: 'Seccomp disabled',
  description: 'Pods and containers must not turn seccomp off (Unconfined).',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'Seccomp' },
    nsa: [NSA_HARDENED_RUNTIME],
    cis: ['5.7.2'],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      'Seccomp filters the system calls a container may make; the runtime default profile blocks the calls behind most container escapes (unshare, keyctl, bpf, mount, …). An Unconfined profile removes that filter. Policies before v1.19 judge the alpha annotations, later ones the `seccompProfile` fields.',
    remediation:
      'Set `seccompProfile.type` to `RuntimeDefault` (or `Localhost` with a profile installed on the nodes); before Kubernetes v1.19 policies, use the `runtime/default` annotation value.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline', 'https://kubernetes.io/docs/tutorials/security/seccomp/'],
    example: {
      bad: 'securityContext:\n  seccompProfile:\n    type: Unconfined\n',
      good: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault\n',
    },
  },
  messages: {
    forbiddenAnnotation: 'seccompProfile ({{detail}})',
    unconfined: 'seccompProfile ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<MessageId>([
    { since: 'v1.0', evaluate: seccompAnnotations },
    { since: 'v1.19', evaluate: seccompFields },
  ]),
});
