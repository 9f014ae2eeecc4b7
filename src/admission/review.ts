import { isKubeObject, isRecord, type KubeObject } from '../core/k8s/object.js';

/** The AdmissionReview versions the API server may send; the answer uses the same one. */
export const REVIEW_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type ReviewVersion = (typeof REVIEW_VERSIONS)[number];

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
const OPERATIONS: readonly string[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** The part of `AdmissionReview.request` the webhook reads. */
export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  /** The object as it will be stored (CREATE/UPDATE) or the connect options (CONNECT). */
  object?: KubeObject;
  oldObject?: KubeObject;
  dryRun: boolean;
  userInfo?: { username?: string; groups?: string[] };
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; message: string; reason?: string };
  warnings?: string[];
  patchType?: 'JSONPatch';
  /** Base64 of the JSON Patch. */
  patch?: string;
  auditAnnotations?: Record<string, string>;
}

export interface AdmissionReview {
  apiVersion: ReviewVersion;
  kind: 'AdmissionReview';
  request: AdmissionRequest;
}

/** A request body that is not a usable AdmissionReview: answered 400 with this one-line reason. */
export class ReviewError extends Error {
  override name = 'ReviewError';
}

/**
 * Reads an AdmissionReview from a parsed JSON body, checking every field the decision relies
 * on so that a malformed request is refused with a reason instead of half-judged.
 */
export function parseReview(body: unknown): AdmissionReview {
  if (!isRecord(body)) throw new ReviewError('body is not a JSON object');
  if (body.kind !== 'AdmissionReview') throw new ReviewError(`kind must be AdmissionReview, got ${JSON.stringify(body.kind ?? null)}`);
  if (!(REVIEW_VERSIONS as readonly unknown[]).includes(body.apiVersion)) {
    throw new ReviewError(`apiVersion must be one of ${REVIEW_VERSIONS.join(', ')}, got ${JSON.stringify(body.apiVersion ?? null)}`);
  }
  const raw = body.request;
  if (!isRecord(raw)) throw new ReviewError('request is missing');
  if (typeof raw.uid !== 'string' || raw.uid === '') throw new ReviewError('request.uid is missing');
  if (typeof raw.operation !== 'string' || !OPERATIONS.includes(raw.operation)) {
    throw new ReviewError(`request.operation must be one of ${OPERATIONS.join(', ')}`);
  }
  const operation = raw.operation as Operation;
  const kind = groupVersionKind(raw.kind);
  const resource = groupVersionResource(raw.resource);
  const request: AdmissionRequest = { uid: raw.uid, kind, resource, operation, dryRun: raw.dryRun === true };
  if (typeof raw.subResource === 'string' && raw.subResource !== '') request.subResource = raw.subResource;
  if (typeof raw.name === 'string' && raw.name !== '') request.name = raw.name;
  if (typeof raw.namespace === 'string' && raw.namespace !== '') request.namespace = raw.namespace;
  if (isRecord(raw.userInfo)) request.userInfo = raw.userInfo as AdmissionRequest['userInfo'];

  if (operation === 'CREATE' || operation === 'UPDATE') {
    if (raw.object === undefined || raw.object === null) throw new ReviewError(`request.object is missing for ${operation}`);
    request.object = objectOf(raw.object, 'request.object', kind);
  } else if (raw.object !== undefined && raw.object !== null) {
    // CONNECT carries PodExecOptions and the like; they are read, never judged as workloads.
    request.object = objectOf(raw.object, 'request.object', kind);
  }
  if (operation === 'UPDATE' || operation === 'DELETE') {
    if (raw.oldObject !== undefined && raw.oldObject !== null) request.oldObject = objectOf(raw.oldObject, 'request.oldObject', kind);
  }
  return { apiVersion: body.apiVersion as ReviewVersion, kind: 'AdmissionReview', request };
}

function groupVersionKind(value: unknown): GroupVersionKind {
  if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.version !== 'string') {
    throw new ReviewError('request.kind must be {group, version, kind}');
  }
  return { group: typeof value.group === 'string' ? value.group : '', version: value.version, kind: value.kind };
}

function groupVersionResource(value: unknown): GroupVersionResource {
  if (!isRecord(value) || typeof value.resource !== 'string' || typeof value.version !== 'string') {
    throw new ReviewError('request.resource must be {group, version, resource}');
  }
  return { group: typeof value.group === 'string' ? value.group : '', version: value.version, resource: value.resource };
}

/**
 * The API server sends objects without apiVersion/kind only in odd cases (some CONNECT
 * options); fill them from request.kind so the object is a proper KubeObject either way.
 */
function objectOf(value: unknown, where: string, kind: GroupVersionKind): KubeObject {
  if (!isRecord(value)) throw new ReviewError(`${where} is not an object`);
  if (isKubeObject(value)) return value;
  const apiVersion = kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
  return { ...value, apiVersion: typeof value.apiVersion === 'string' && value.apiVersion !== '' ? value.apiVersion : apiVersion, kind: typeof value.kind === 'string' && value.kind !== '' ? value.kind : kind.kind };
}

/** The AdmissionReview sent back: same apiVersion as the request, as the API server requires. */
export function reviewResponse(version: ReviewVersion, response: AdmissionResponse): { apiVersion: ReviewVersion; kind: 'AdmissionReview'; response: AdmissionResponse } {
  return { apiVersion: version, kind: 'AdmissionReview', response };
}
