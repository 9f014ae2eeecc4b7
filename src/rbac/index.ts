/**
 * The RBAC analyser: a model of Roles, ClusterRoles (aggregation resolved), bindings, service
 * accounts and workloads, indexed once, with the queries other analysers build on.
 *
 *   const model = buildRbacModel(inventory);              // or rbacModelOf(inventory), memoised
 *   whoCan(model, parseWhoCanQuery('get', 'secrets'));    // subjects + binding → role → rule chains
 *   permissionsOf(model, parseSubject('sa:ns/name'));     // every grant a subject holds
 *   can(model, subject, { kind: 'resource', verb, apiGroup, resource }, namespace);
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
  MASTERS_EXPLANATION,
  parseWhoCanQuery,
  permissionsOf,
  scopeOf,
  subjectJson,
  whoCan,
} from './query.js';
export type { Grant, SubjectAccess, SubjectPermissions, WhoCanQuery } from './query.js';
export { describeRule, ruleAllowsNonResource, ruleAllowsResource } from './rules.js';
export type { NonResourceRequest, PolicyRule, ResourceRequest } from './rules.js';
export { describeSubject, implicitGroups, parseSubject, subjectKey } from './subject.js';
export type { Subject, SubjectKind } from './subject.js';
