import { findCredentials, isSensitiveName } from '../checks/hygiene/credentials.js';

const MASK = '************';
const KEY_VALUE = /^(\s*(?:-\s+)?)("?)([A-Za-z0-9_.\-/]+)\2(\s*:\s*)(.*)$/;
const SECRET_DATA = /^(data|stringData):\s*$/;

/**
 * A source document as the dashboard may show it: values of Secret `data`/`stringData`, of
 * settings whose name says they hold a secret (`password: …`, `- name: DB_PASSWORD` then
 * `value: …`), and of any line where a credential format is recognised are replaced by a fixed
 * mask. Lines keep their number, so a finding's line still points at the right place.
 */
export function maskExcerpt(text: string): string {
  const lines = text.split('\n');
  const isSecret = /^kind:\s*["']?Secret["']?\s*$/m.test(text);
  let secretDataIndent = -1;
  let maskNextValue = false;
  return lines
    .map((line) => {
      const indent = line.length - line.trimStart().length;
      if (secretDataIndent >= 0) {
        if (line.trim() === '' || indent > secretDataIndent) return line.trim() === '' ? line : maskValue(line);
        secretDataIndent = -1;
      }
      if (isSecret && SECRET_DATA.test(line.trim())) {
        secretDataIndent = indent;
        return line;
      }
      const kv = KEY_VALUE.exec(line);
      if (kv) {
        const [, lead, quote, key, sep, value] = kv as unknown as [string, string, string, string, string, string];
        if (maskNextValue && key === 'value') {
          maskNextValue = false;
          return value.trim() === '' ? line : `${lead}${quote}${key}${quote}${sep}${MASK}`;
        }
        maskNextValue = key === 'name' && isSensitiveName(value.trim().replace(/^["']|["']$/g, ''));
        if (isSensitiveName(key) && value.trim() !== '' && !/^[|>]/.test(value.trim()) && !isReference(value)) {
          return `${lead}${quote}${key}${quote}${sep}${MASK}`;
        }
      }
      return findCredentials(line).length > 0 ? maskValue(line) : line;
    })
    .join('\n');
}

/** A nested mapping (`password:` then `valueFrom:`) points at a secret rather than holding one. */
function isReference(value: string): boolean {
  return value.trim() === '{}' || value.trim().startsWith('{');
}

function maskValue(line: string): string {
  const at = line.search(/[:=]/);
  return at < 0 ? line.replace(/\S.*$/, MASK) : `${line.slice(0, at + 1)} ${MASK}`;
}
