import type { Incident } from './correlate.js';
import type { Alert } from './engine.js';

/** Text renderings of alerts and incidents for the terminal and for JSON lines. */

export function alertJsonLine(a: Alert): string {
  return `${JSON.stringify(a)}\n`;
}

export function incidentJsonLine(i: Incident): string {
  return `${JSON.stringify(i)}\n`;
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function alertTableHeader(): string {
  return `${'TIME'.padEnd(27)} ${'PRIORITY'.padEnd(13)} ${'RULE'.padEnd(40)} OUTPUT\n`;
}

export function alertTableRow(a: Alert): string {
  return `${a.time.padEnd(27)} ${a.priority.padEnd(13)} ${clip(a.rule, 40).padEnd(40)} ${a.output}\n`;
}

export function incidentTable(incidents: readonly Incident[]): string {
  let out = '';
  for (const inc of incidents) {
    out += `[${inc.priority}] incident ${inc.id}  ${inc.identity || '(unknown identity)'}  ${inc.start} → ${inc.end}  ${inc.alertCount} alert(s)${inc.chain ? '  ATTACK CHAIN' : ''}\n`;
    for (const r of inc.reasons) out += `    why: ${r}\n`;
    for (const a of inc.alerts) out += `    ${a.count > 1 ? `${a.count}×` : '  '} ${a.priority.padEnd(13)} ${a.rule}: ${a.output}\n`;
    out += '\n';
  }
  return out;
}
