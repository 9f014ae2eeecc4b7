import { isRecord } from '../core/k8s/object.js';
import { isProtocol, type Protocol } from './connections.js';

/**
 * Observed traffic: one record per (source, destination, port, protocol). A side outside the
 * cluster has no namespace and names its address as the workload.
 */
export interface Flow {
  srcNamespace: string;
  /** Workload name, or for a pod without a known workload its pod name. */
  srcWorkload: string;
  dstNamespace: string;
  dstWorkload: string;
  port: number;
  protocol: Protocol;
  /** 1-based line of the input it came from. */
  line: number;
}

export interface FlowParseResult {
  flows: Flow[];
  /** Lines that are not flows we can use (replies, drops, non-L4), with why. */
  skipped: { line: number; reason: string }[];
  errors: { line: number; message: string }[];
}

const CSV_HEADER = ['src_namespace', 'src_workload', 'dst_namespace', 'dst_workload', 'port', 'protocol'];

/** Reads Hubble/Cilium flow JSON lines or the plain CSV form; the format is told by the first line. */
export function parseFlows(text: string): FlowParseResult {
  const firstLine = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return firstLine.trim().startsWith('{') ? parseHubble(text) : parseCsv(text);
}

function parseCsv(text: string): FlowParseResult {
  const result: FlowParseResult = { flows: [], skipped: [], errors: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const cells = trimmed.split(',').map((c) => c.trim());
    if (cells.join(',') === CSV_HEADER.join(',')) return;
    if (cells.length !== CSV_HEADER.length) {
      result.errors.push({ line, message: `expected ${CSV_HEADER.length} comma-separated fields (${CSV_HEADER.join(',')}), found ${cells.length}` });
      return;
    }
    const [srcNamespace, srcWorkload, dstNamespace, dstWorkload, portText, protocolText] = cells as [string, string, string, string, string, string];
    const port = Number(portText);
    const protocol = protocolText.toUpperCase();
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      result.errors.push({ line, message: `invalid port "${portText}"` });
      return;
    }
    if (!isProtocol(protocol)) {
      result.errors.push({ line, message: `invalid protocol "${protocolText}" (TCP, UDP or SCTP)` });
      return;
    }
    if (srcWorkload === '' || dstWorkload === '') {
      result.errors.push({ line, message: 'source and destination workload must not be empty' });
      return;
    }
    result.flows.push({ srcNamespace, srcWorkload, dstNamespace, dstWorkload, port, protocol, line });
  });
  return result;
}

function parseHubble(text: string): FlowParseResult {
  const result: FlowParseResult = { flows: [], skipped: [], errors: [] };
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      result.errors.push({ line, message: 'not valid JSON' });
      return;
    }
    const flow = isRecord(value) && isRecord(value.flow) ? value.flow : value;
    if (!isRecord(flow)) {
      result.errors.push({ line, message: 'not a flow object' });
      return;
    }
    const verdict = typeof flow.verdict === 'string' ? flow.verdict : 'FORWARDED';
    if (verdict !== 'FORWARDED' && verdict !== 'AUDIT') return void result.skipped.push({ line, reason: `verdict ${verdict}` });
    if (flow.is_reply === true) return void result.skipped.push({ line, reason: 'reply' });
    const l4 = isRecord(flow.l4) ? flow.l4 : undefined;
    const proto = l4 ? Object.keys(l4).find((k) => isProtocol(k.toUpperCase())) : undefined;
    const ports = proto && isRecord(l4![proto]) ? (l4![proto] as Record<string, unknown>) : undefined;
    const port = ports?.destination_port;
    if (!proto || typeof port !== 'number') return void result.skipped.push({ line, reason: 'no TCP, UDP or SCTP destination port' });
    const flags = isRecord(ports!.flags) ? ports!.flags : undefined;
    // A TCP segment with ACK but no SYN belongs to a connection already counted by its SYN.
    if (flags && flags.ACK === true && flags.SYN !== true && flow.is_reply === undefined) {
      return void result.skipped.push({ line, reason: 'not the opening packet' });
    }
    const ip = isRecord(flow.IP) ? flow.IP : {};
    const src = sideOf(flow.source, ip.source);
    const dst = sideOf(flow.destination, ip.destination);
    if (!src || !dst) return void result.errors.push({ line, message: 'flow without source or destination' });
    result.flows.push({ srcNamespace: src.namespace, srcWorkload: src.workload, dstNamespace: dst.namespace, dstWorkload: dst.workload, port, protocol: proto.toUpperCase() as Protocol, line });
  });
  return result;
}

function sideOf(endpoint: unknown, ip: unknown): { namespace: string; workload: string } | undefined {
  if (isRecord(endpoint) && typeof endpoint.namespace === 'string' && endpoint.namespace !== '') {
    const workloads = Array.isArray(endpoint.workloads) ? endpoint.workloads : [];
    const named = workloads.find((w) => isRecord(w) && typeof w.name === 'string');
    const workload = isRecord(named) ? String(named.name) : typeof endpoint.pod_name === 'string' ? endpoint.pod_name : undefined;
    return workload ? { namespace: endpoint.namespace, workload } : undefined;
  }
  return typeof ip === 'string' && ip !== '' ? { namespace: '', workload: ip } : undefined;
}
