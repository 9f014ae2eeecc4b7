/**
 * The RBAC analyser: a model of Roles, ClusterRoles (aggregation resolved), bindings, service
 * accounts and workloads, indexed once, with the queries other analysers build on. Pure: no I/O.
 *
 *   const model = buildRbacModel(inventory);               // or rbacModelOf(inventory), memoised per inventory
 *   whoCan(model, parseWhoCanQuery('get', 'secrets'));     // subjects + binding → role → rule chains
 *   permissionsOf(model, parseSubject('sa:ns/name'));      // every grant a subject holds (own + implicit groups)
 *   can(model, subject, { kind: 'resource', verb, apiGroup, resource, subresource?, name? }, namespace?);
 *   model.workloads                                        // pod templates → service account (token mounted?)
 *   pathsFrom(escalationGraphOf(model), subject)           // escalation paths, shortest first
 *   dutiesOf(model)                                        // who holds which duty, and how
 */
export { buildRbacModel, rbacModelOf, roleKey } from './model.js';
export type { BindingNode, EffectiveRule, RbacModel, RbacProblem, RoleNode, WorkloadIdentity } from './model.js';
export {
  can,
  describeBinding,
  describeGrant,
  effectiveRule,
  grantJson,
  grantsFor,
  identitiesOf,
  MASTERS_EXPLANATION,
  parseWhoCanQuery,
  permissionsOf,
  scopeOf,
  subjectJson,
  whoCan,
} from './query.js';
export type { Grant, SubjectAccess, SubjectPermissions, WhoCanQuery } from './query.js';
export { capabilityGrants, grantsForCapabilities, ruleAllowsCapability } from './capability.js';
export type { Capability, CapabilityGrant } from './capability.js';
export { describeRule, ruleAllowsNonResource, ruleAllowsResource } from './rules.js';
export type { NonResourceRequest, PolicyRule, ResourceRequest } from './rules.js';
export { describeSubject, implicitGroups, parseSubject, subjectKey } from './subject.js';
export type { Subject, SubjectKind } from './subject.js';
export { buildEscalationGraph, escalationGraphOf, pathsFrom, pathsTo, ESCALATION_TARGETS } from './paths.js';
export type { EscalationGraph, EscalationPath, EscalationTarget, PathStep } from './paths.js';
export { DUTIES, dutiesOf, dutiesReport, effectiveDuties } from './duties.js';
export type { DutiesReport, Duty, DutyHolding } from './duties.js';
export { conflictHolders, conflictingDutiesOf } from './conflicts.js';
export { isPlatformGrant, isPlatformSubject } from './platform.js';
