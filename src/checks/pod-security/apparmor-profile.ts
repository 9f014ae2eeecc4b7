import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import type { Workload } from '../../core/k8s/workload.js';
import { annotationPath, annotationsOf, containerPath, NSA_HARDENED_RUNTIME, pluralize, podPath, podSecurityContextOf, pssControl, recordAt, securityContextOf, sortedSet, stringOr, type PssFinding, type PssVerdict } from './pss.js';

type MessageId = 'forbiddenAnnotation' | 'unconfined';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function isAllowedAnnotationValue(value: unknown): boolean {
  return value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

function isAllowedProfileType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/**
 * Both channels count at every policy version: the beta annotations and, since Kubernetes
 * v1.30, the `appArmorProfile` fields (Pod Security Admission checks the fields in its v1.0
 * policy too).
 */
function appArmor(workload: Workload): PssVerdict<MessageId> | undefined {
  const forbidden: string[] = [];
  const findings: PssFinding<MessageId>[] = [];
  const annotations = annotationsOf(workload);
  for (const key of Object.keys(annotations).sort()) {
    if (!key.startsWith(ANNOTATION_PREFIX) || isAllowedAnnotationValue(annotations[key])) continue;
    forbidden.push(`${key}=${JSON.stringify(String(annotations[key]))}`);
    const path = annotationPath(workload, key);
    const container = key.slice(ANNOTATION_PREFIX.length);
    // An unconfined workload may do what the default profile denies (mounts, raw sockets, …).
    findings.push({ messageId: 'forbiddenAnnotation', path, container, fix: setFieldPatch(workload.object, path, 'runtime/default'), fixSafety: 'unsafe' });
  }
  const podProfile = recordAt(podSecurityContextOf(workload.podSpec), 'appArmorProfile');
  if (podProfile) {
    const type = stringOr(podProfile.type, '');
    if (!isAllowedProfileType(type)) {
      forbidden.push(`pod must not set AppArmor profile type to ${JSON.stringify(type)}`);
      const path = podPath(workload, 'securityContext', 'appArmorProfile', 'type');
      findings.push({ messageId: 'unconfined', path, fix: setFieldPatch(workload.object, path, 'RuntimeDefault'), fixSafety: 'unsafe' });
    }
  }
  for (const ref of workload.containers) {
    const profile = recordAt(securityContextOf(ref), 'appArmorProfile');
    if (!profile) continue;
    const type = stringOr(profile.type, '');
    if (isAllowedProfileType(type)) continue;
    forbidden.push(`container ${JSON.stringify(ref.name)} must not set AppArmor profile type to ${JSON.stringify(type)}`);
    const path = containerPath(ref, 'securityContext', 'appArmorProfile', 'type');
    findings.push({ messageId: 'unconfined', path, container: ref.name, fix: setFieldPatch(workload.object, path, 'RuntimeDefault'), fixSafety: 'unsafe' });
  }
  if (findings.length === 0) return undefined;
  const listed = sortedSet(forbidden);
  return {
    detail: listed.join(', '),
    data: { profiles: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', listed.length) },
    findings,
  };
}

export default defineCheck({
  id: 'apparmor-profile',
  code: 'SKD-108',
  title: 'AppArmor disabled',
  description: 'Pods and containers must not run without AppArmor confinement.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'AppArmor' },
    nsa: [NSA_HARDENED_RUNTIME],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      "On nodes with AppArmor the runtime's default profile denies mounts, raw access to /proc and /sys and other escape routes; an unconfined profile gives those back.",
    remediation:
      'Remove `appArmorProfile.type: Unconfined` (or use `RuntimeDefault` / `Localhost`), and for the legacy annotation use `runtime/default` or `localhost/<profile>`.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline', 'https://kubernetes.io/docs/tutorials/security/apparmor/'],
    example: {
      bad: 'securityContext:\n  appArmorProfile:\n    type: Unconfined\n',
      good: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault\n',
    },
  },
  messages: {
    forbiddenAnnotation: '{{profiles}} ({{detail}})',
    unconfined: '{{profiles}} ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<MessageId>([{ since: 'v1.0', evaluate: appArmor }]),
});
