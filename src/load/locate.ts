import type { FindingLocation } from '../core/finding.js';
import type { Origin, SourceDocument } from '../core/inventory.js';
import type { FieldPath } from '../core/path.js';
import { DocumentLocator } from './lines.js';

/**
 * Locators of the documents located last. Findings arrive object by object, so a handful is
 * enough; keeping every document's locator for the whole scan put tens of megabytes of line
 * arrays and path memos in the old generation of a large scan.
 */
const recent: { document: SourceDocument; locator: DocumentLocator }[] = [];
const RECENT_LOCATORS = 8;

function locatorOf(document: SourceDocument): DocumentLocator {
  for (let i = recent.length - 1; i >= 0; i--) if (recent[i]!.document === document) return recent[i]!.locator;
  const locator = new DocumentLocator(document.text, document.firstLine);
  if (recent.length === RECENT_LOCATORS) recent.shift();
  recent.push({ document, locator });
  return locator;
}

const NO_PATH: FieldPath = Object.freeze([]);

/**
 * Where a field of an object is in its source: file and line of the field. Lines are resolved
 * here, for findings only, never while loading (ARCHITECTURE §7).
 */
export function locate(origin: Origin, path: FieldPath | undefined): FindingLocation {
  let line = origin.line;
  const document = origin.document;
  if (document !== undefined) {
    const within = origin.itemPath;
    if ((path !== undefined && path.length > 0) || (within !== undefined && within.length > 0)) {
      line = locatorOf(document).lineOf(path ?? NO_PATH, within);
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
