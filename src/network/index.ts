/**
 * Network segmentation analysis: exact NetworkPolicy and AdminNetworkPolicy semantics over an
 * Inventory. Everything here is pure: build a model once, then ask it questions.
 *
 *   const model = buildNetworkModel(inventory);          // or networkModelOf(inventory), memoised
 *   connlist(model);                                     // every allowed connection (grouped all-pairs)
 *   explain(model, source, destination, port?);          // verdict + the policy rule or default behind it
 *   exposure(model);                                     // any namespace / external / LoadBalancer / Ingress
 *   diffConnections(connlist(before), connlist(after));  // connections opened and closed
 *   generatePolicies(model, parseFlows(text).flows);     // least-privilege policies from observed flows
 *   evaluatePair(model, source, destination);            // both directions, with the rules that matched
 */
export {
  buildNetworkModel,
  endpointName,
  externalEndpoints,
  findWorkloads,
  INGRESS_CONTROLLER,
  namespaceLabelsOf,
  networkModelOf,
} from './model.js';
export type { Endpoint, ExternalEndpoint, ModelOptions, NetworkModel, ServiceModel, WorkloadEndpoint } from './model.js';
export { connections, connlist, ingressControllerPorts } from './connectivity.js';
export type { Connection } from './connectivity.js';
export {
  adminSubjectSelects,
  evaluateDirection,
  evaluatePair,
  isolatingPolicies,
  isUnderPolicy,
  peerMatches,
  policySelects,
  ruleConnections,
} from './engine.js';
export type { DirectionVerdict, PairVerdict } from './engine.js';
export { CONNLIST_FORMATS, connectionRows, formatConnlist, formatConnlistChunks } from './format.js';
export type { ConnectionRow, ConnlistFormat } from './format.js';
export { contains, formatConnections, isEmpty, parsePortSpec, parsePortSpecs } from './connections.js';
export type { ConnectionSet, Protocol } from './connections.js';
export { explain, explanationJson, formatExplanation } from './explain.js';
export type { DirectionExplanation, Explanation, Reason } from './explain.js';
export { diffConnections, DIFF_FORMATS, formatDiff } from './diff.js';
export type { ConnectionChange, DiffFormat } from './diff.js';
export { exposure, exposureOf, formatExposure } from './exposure.js';
export type { ServiceExposure, WorkloadExposure } from './exposure.js';
export { parseFlows } from './flows.js';
export type { Flow, FlowParseResult } from './flows.js';
export { generatePolicies, KUBE_DNS, policiesToYaml } from './generate.js';
export type { DnsTarget, GenerateOptions, GenerateResult } from './generate.js';
export { DIRECTIONS } from './policy.js';
export type { Direction, NetworkPolicyModel, PolicyPeer, PolicyProblem, PolicyRule } from './policy.js';
export type { AdminPolicyModel } from './admin-policy.js';
export { containsRange, formatRange, parseCidr, parseIPv4 } from './ip.js';
