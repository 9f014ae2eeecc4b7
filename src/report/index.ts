import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { ScanReport, StreamedScanReport } from './model.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** A streamed report has only its JSON encoding: it renders as JSON alone. */
export function render(report: ScanReport, format: Format, options: { color: boolean }): Iterable<string | Uint8Array>;
export function render(report: StreamedScanReport, format: 'json', options: { color: boolean }): Iterable<string | Uint8Array>;
export function render(report: ScanReport | StreamedScanReport, format: Format, options: { color: boolean }): Iterable<string | Uint8Array> {
  if ('encoded' in report) {
    if (format !== 'json') throw new Error(`a streamed report renders only as JSON, not ${format}`);
    return renderJson(report);
  }
  switch (format) {
    case 'table':
      return renderTable(report, options);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}

export type { ScanReport, StreamedScanReport } from './model.js';
