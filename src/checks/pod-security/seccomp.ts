/** Reading seccomp profiles, shared by the baseline and restricted seccomp controls. */
import type { ContainerRef, PodSpec } from '../../core/k8s/workload.js';
import { podSecurityContextOf, recordAt, securityContextOf, stringOr } from './pss.js';

/** The profile types both levels accept: the runtime's default, or one installed on the node. */
export function isConfinedSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** The `seccompProfile.type` a pod sets, '' when the profile lacks a type, undefined when no profile. */
export function podSeccompType(podSpec: PodSpec): string | undefined {
  const profile = recordAt(podSecurityContextOf(podSpec), 'seccompProfile');
  return profile ? stringOr(profile.type, '') : undefined;
}

export function containerSeccompType(ref: ContainerRef): string | undefined {
  const profile = recordAt(securityContextOf(ref), 'seccompProfile');
  return profile ? stringOr(profile.type, '') : undefined;
}
