import type { FindingLocation } from '../core/finding.js';
import type { Origin } from '../core/inventory.js';
import type { FieldPath } from '../core/path.js';
import { lineOfField } from './lines.js';

const splitCache = new WeakMap<Origin, string[]>();

/**
 * Where a field of an object is in its source: file and line of the field. Lines are resolved
 * here, for findings only, never while loading (ARCHITECTURE §7).
 */
export function locate(origin: Origin, path: FieldPath | undefined): Pick<FindingLocation, 'file' | 'line' | 'rendered'> {
  let line = origin.line;
  if (origin.text !== undefined && origin.textFirstLine !== undefined) {
    const fullPath = [...(origin.itemPath ?? []), ...(path ?? [])];
    if (fullPath.length > 0) {
      let lines = splitCache.get(origin);
      if (!lines) {
        lines = origin.text.split('\n');
        splitCache.set(origin, lines);
      }
      line = lineOfField(origin.text, origin.textFirstLine, fullPath, lines);
    }
  }
  if (origin.helmSource !== undefined) {
    // Helm output: show the template; the line counts from the start of the rendered document,
    // which is where Helm's `# Source:` comment puts the template's first line.
    const firstLine = origin.textFirstLine ?? origin.line;
    return { file: origin.helmSource, line: Math.max(1, line - firstLine), rendered: { file: origin.file, line } };
  }
  return { file: origin.file, line };
}
