import type { AnalysisOptions, Check } from '../core/check.js';
import type { StockadeConfig } from '../core/config.js';
import { analyze } from '../core/engine.js';
import { Inventory } from '../core/inventory.js';
import { describeRef, isKubeObject, isRecord, refOf, type KubeObject } from '../core/k8s/object.js';
import { splitDocuments } from '../load/documents.js';
import { parseRawDocument } from '../load/parse.js';
import { EditError, editYamlDocument } from './yaml-edit.js';

export interface FixSettings {
  checks: readonly Check[];
  config: StockadeConfig;
  options: AnalysisOptions;
  /** Also apply fixes that could break a workload. */
  unsafe: boolean;
}

export interface AppliedFix {
  check: string;
  resource: string;
  message: string;
}

export interface SkippedFix {
  resource: string;
  check?: string;
  reason: string;
}

export interface FileFix {
  original: string;
  updated: string;
  applied: AppliedFix[];
  skipped: SkippedFix[];
}

/** Every fix round changes one finding; a document with more than this is not converging. */
const MAX_ROUNDS = 200;

/**
 * Applies the checks' fixes to one manifest file's text, document by document, re-checking
 * after each fix so that fixes compose (two fixes that both create `securityContext` do not
 * overwrite each other). Suppressed findings are not fixed; unsafe fixes only on request.
 */
export function fixText(buf: Buffer, settings: FixSettings): FileFix {
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? '\ufeff' : '';
  const documents = splitDocuments(buf, true);
  const result: FileFix = { original: bom + documents.map((d) => d.text).join(''), updated: '', applied: [], skipped: [] };
  const texts: string[] = [];
  for (const doc of documents) {
    texts.push(doc.empty ? doc.text : fixDocument(doc.text, doc.helmSource, settings, result));
  }
  result.updated = bom + texts.join('');
  return result;
}

function objectsOf(value: unknown): { object: KubeObject; prefix: (string | number)[] }[] {
  if (!isKubeObject(value)) return [];
  if ((value.kind === 'List' || value.kind.endsWith('List')) && Array.isArray(value.items)) {
    return (value.items as unknown[]).flatMap((item, i) => (isKubeObject(item) ? [{ object: item, prefix: ['items', i] }] : []));
  }
  return [{ object: value, prefix: [] }];
}

function fixDocument(text: string, helmSource: string | undefined, settings: FixSettings, result: FileFix): string {
  let value: unknown;
  try {
    value = parseRawDocument({ text, firstLine: 1, contentLine: 1, index: 0, empty: false }, false).value;
  } catch {
    return text; // the scan reports unparsable documents; fix leaves them alone
  }
  if (!isRecord(value)) return text;
  let current = text;
  for (const { prefix } of objectsOf(value)) {
    const tried = new Set<string>();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const object = prefix.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value) as KubeObject;
      const findings = analyze(Inventory.of([object]), settings.checks.filter((c) => c.scope !== 'inventory'), settings.options, settings.config).findings;
      const next = findings.find((f) => f.fix && !f.suppressed && !tried.has(f.fingerprint) && (settings.unsafe || f.fixSafety === 'safe'));
      if (!next) {
        for (const f of findings) {
          if (f.fix && !f.suppressed && f.fixSafety === 'unsafe' && !settings.unsafe && !tried.has(f.fingerprint)) {
            tried.add(f.fingerprint);
            result.skipped.push({ resource: describeRef(refOf(object)), check: f.check, reason: 'unsafe fix: applied only with --unsafe' });
          }
        }
        break;
      }
      tried.add(next.fingerprint);
      const resource = describeRef(refOf(object));
      if (helmSource !== undefined) {
        result.skipped.push({ resource, check: next.check, reason: `rendered by Helm from ${helmSource}: fix the template` });
        continue;
      }
      try {
        current = editYamlDocument(current, prefix, next.fix!, value);
        value = parseRawDocument({ text: current, firstLine: 1, contentLine: 1, index: 0, empty: false }, false).value;
        result.applied.push({ check: next.check, resource, message: next.message });
      } catch (error) {
        if (!(error instanceof EditError)) throw error;
        result.skipped.push({ resource, check: next.check, reason: error.message });
      }
    }
  }
  return current;
}
