import type { FindingLocation } from '../core/finding.js';
import type { Origin, SourceDocument } from '../core/inventory.js';
import type { FieldPath } from '../core/path.js';
import { DocumentLocator } from './lines.js';

const locators = new WeakMap<SourceDocument, DocumentLocator>();

/**
 * Where a field of an object is in its source: file and line of the field. Lines are resolved
 * here, for findings only, never while loading (ARCHITECTURE §7).
 */
export function locate(origin: Origin, path: FieldPath | undefined): FindingLocation {
  let line = origin.line;
  const document = origin.document;
  if (document !== undefined) {
    const fullPath = origin.itemPath === undefined ? (path ?? []) : [...origin.itemPath, ...(path ?? [])];
    if (fullPath.length > 0) {
      let locator = locators.get(document);
      if (!locator) locators.set(document, (locator = new DocumentLocator(document.text, document.firstLine)));
      line = locator.lineOf(fullPath);
    }
  }
  if (origin.helmSource !== undefined) {
    // Helm output: show the template; the line counts from the start of the rendered document,
    // which is where Helm's `# Source:` comment puts the template's first line.
    const firstLine = document?.firstLine ?? origin.line;
    return { file: origin.helmSource, line: Math.max(1, line - firstLine), rendered: { file: origin.file, line } };
  }
  return { file: origin.file, line };
}
