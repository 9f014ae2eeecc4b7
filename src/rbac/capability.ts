import type { RbacModel } from './model.js';
import { grantsFor, type Grant, type WhoCanQuery } from './query.js';

/** One thing a grant may allow, as the authorizer would be asked it (on any object of the kind). */
export interface Capability {
  verb: string;
  /** `pods`, `pods/exec`, `*`. */
  resource: string;
  /** API group; undefined: any. */
  apiGroup?: string;
}

export function capabilities(verbs: readonly string[], resources: readonly string[], apiGroup?: string): Capability[] {
  return verbs.flatMap((verb) => resources.map((resource) => (apiGroup === undefined ? { verb, resource } : { verb, resource, apiGroup })));
}

export function describeCapability(capability: Capability): string {
  return `${capability.verb} ${capability.resource}`;
}

export function capabilityQuery(capability: Capability, namespace?: string): WhoCanQuery {
  const slash = capability.resource.indexOf('/');
  const query: WhoCanQuery = {
    verb: capability.verb,
    resource: slash < 0 ? capability.resource : capability.resource.slice(0, slash),
    anyResourceName: true,
  };
  if (slash >= 0) query.subresource = capability.resource.slice(slash + 1);
  if (capability.apiGroup !== undefined) query.apiGroup = capability.apiGroup;
  if (namespace !== undefined) query.namespace = namespace;
  return query;
}

/** Every grant allowing the capability on some object, whatever resourceNames limit it to. */
export function capabilityGrants(model: RbacModel, capability: Capability, namespace?: string): Grant[] {
  return grantsFor(model, capabilityQuery(capability, namespace));
}

/** Write verbs: what changes an object. */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
