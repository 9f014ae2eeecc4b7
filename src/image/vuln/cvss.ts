/**
 * CVSS base scores computed from vector strings: v2 (CVSS v2 guide §3.2.1), v3.0 and v3.1
 * (specification §7.1 and Appendix A's Roundup), and v4.0 (see cvss4.ts). Advisories often carry
 * only the vector, and scores copied between databases disagree; the vector is the source of truth.
 */
import type { Severity } from '../../core/finding.js';
import { cvss4BaseScore } from './cvss4.js';

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
}

function metricsOf(parts: string[]): Map<string, string> | undefined {
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (!key || !value || extra !== undefined || metrics.has(key)) return undefined;
    metrics.set(key, value);
  }
  return metrics;
}

function weight(table: Record<string, number>, value: string | undefined): number | undefined {
  return value === undefined ? undefined : table[value];
}

const V3_AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const V3_AC: Record<string, number> = { L: 0.77, H: 0.44 };
const V3_PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const V3_PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const V3_UI: Record<string, number> = { N: 0.85, R: 0.62 };
const V3_CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/** CVSS v3.1 Appendix A: round up to one decimal, robust against floating-point noise. */
function roundUp31(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

export function cvss3BaseScore(vector: string): CvssScore | undefined {
  const match = /^CVSS:3\.([01])\/(.*)$/.exec(vector.trim());
  if (!match) return undefined;
  const metrics = metricsOf(match[2].split('/'));
  if (!metrics) return undefined;
  const scope = metrics.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const av = weight(V3_AV, metrics.get('AV'));
  const ac = weight(V3_AC, metrics.get('AC'));
  const pr = weight(scope === 'C' ? V3_PR_CHANGED : V3_PR_UNCHANGED, metrics.get('PR'));
  const ui = weight(V3_UI, metrics.get('UI'));
  const c = weight(V3_CIA, metrics.get('C'));
  const i = weight(V3_CIA, metrics.get('I'));
  const a = weight(V3_CIA, metrics.get('A'));
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * av * ac * pr * ui;
  const roundUp = match[1] === '1' ? roundUp31 : roundUp30;
  let score = 0;
  if (impact > 0) score = roundUp(Math.min((scope === 'U' ? 1 : 1.08) * (impact + exploitability), 10));
  return { version: match[1] === '1' ? '3.1' : '3.0', vector: vector.trim(), score };
}

const V2_AV: Record<string, number> = { L: 0.395, A: 0.646, N: 1 };
const V2_AC: Record<string, number> = { H: 0.35, M: 0.61, L: 0.71 };
const V2_AU: Record<string, number> = { M: 0.45, S: 0.56, N: 0.704 };
const V2_CIA: Record<string, number> = { N: 0, P: 0.275, C: 0.66 };

export function cvss2BaseScore(vector: string): CvssScore | undefined {
  const text = vector.trim().replace(/^\(|\)$/g, '').replace(/^CVSS:2\.0\//, '');
  const metrics = metricsOf(text.split('/'));
  if (!metrics) return undefined;
  const av = weight(V2_AV, metrics.get('AV'));
  const ac = weight(V2_AC, metrics.get('AC'));
  const au = weight(V2_AU, metrics.get('Au'));
  const c = weight(V2_CIA, metrics.get('C'));
  const i = weight(V2_CIA, metrics.get('I'));
  const a = weight(V2_CIA, metrics.get('A'));
  if (av === undefined || ac === undefined || au === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  const score = Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
  return { version: '2.0', vector: vector.trim(), score: Math.max(0, score) };
}

/** Scores a vector of any supported version; undefined when it is not a well-formed base vector. */
export function cvssBaseScore(vector: string): CvssScore | undefined {
  const text = vector.trim();
  if (text.startsWith('CVSS:4.0/')) {
    const score = cvss4BaseScore(text);
    return score === undefined ? undefined : { version: '4.0', vector: text, score };
  }
  if (text.startsWith('CVSS:3.')) return cvss3BaseScore(text);
  return cvss2BaseScore(text);
}

/** The qualitative rating of CVSS v3/v4 (v3.1 specification §5): None is reported as info. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
