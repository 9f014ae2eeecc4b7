import type { Check } from './check.js';
import type { ConfigException } from './exceptions.js';
import { isSeverity, SEVERITIES, type Severity } from './finding.js';
import { isRecord } from './k8s/object.js';

/** The one configuration file, `.stockade.yaml`. */
export interface StockadeConfig {
  /** Named check set: `default`, `all`, `pss-baseline`, `pss-restricted`. */
  policy?: string;
  failOn?: Severity;
  pssVersion?: string;
  kubeVersion?: string;
  checks: {
    /** Checks to turn on beyond the policy (e.g. opt-in checks). */
    enable: string[];
    disable: string[];
    severity: Record<string, Severity>;
  };
  exceptions: ConfigException[];
  /** Settings read by individual checks and analysers: `images`, `sandbox`, `network`, `rbac`, ... */
  settings: Record<string, unknown>;
}

export function emptyConfig(): StockadeConfig {
  return { checks: { enable: [], disable: [], severity: {} }, exceptions: [], settings: {} };
}

const TOP_LEVEL_KEYS = new Set(['policy', 'failOn', 'pssVersion', 'kubeVersion', 'checks', 'exceptions']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validates a parsed `.stockade.yaml` against the check registry. Every problem is reported
 * (not just the first), each naming the offending key.
 */
export function parseConfig(raw: unknown, checks: readonly Check[]): { config: StockadeConfig; problems: string[] } {
  const config = emptyConfig();
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { config, problems };
  if (!isRecord(raw)) return { config, problems: ['the configuration must be a mapping'] };
  const ids = new Set(checks.map((c) => c.id));
  const knownCheck = (id: unknown, where: string): id is string => {
    if (typeof id !== 'string') {
      problems.push(`${where}: expected a check id, got ${JSON.stringify(id)}`);
      return false;
    }
    if (!ids.has(id)) {
      problems.push(`${where}: unknown check "${id}"${suggest(id, ids)}`);
      return false;
    }
    return true;
  };

  for (const [key, value] of Object.entries(raw)) {
    if (TOP_LEVEL_KEYS.has(key)) continue;
    // Anything else is a settings section for an analyser (images, sandbox, network, rbac, ...).
    config.settings[key] = value;
  }
  if (raw.policy !== undefined) {
    if (typeof raw.policy === 'string') config.policy = raw.policy;
    else problems.push('policy: expected a string');
  }
  if (raw.failOn !== undefined) {
    if (isSeverity(raw.failOn)) config.failOn = raw.failOn;
    else problems.push(`failOn: expected one of ${SEVERITIES.join(', ')}`);
  }
  for (const key of ['pssVersion', 'kubeVersion'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === 'string' && (value === 'latest' || /^v1\.\d+$/.test(value))) config[key] = value;
    else problems.push(`${key}: expected "latest" or "v1.N"`);
  }

  if (raw.checks !== undefined) {
    if (!isRecord(raw.checks)) problems.push('checks: expected a mapping with enable, disable, severity');
    else {
      for (const key of Object.keys(raw.checks)) {
        if (!['enable', 'disable', 'severity'].includes(key)) problems.push(`checks.${key}: unknown key (expected enable, disable, severity)`);
      }
      for (const list of ['enable', 'disable'] as const) {
        const value = raw.checks[list];
        if (value === undefined) continue;
        if (!Array.isArray(value)) problems.push(`checks.${list}: expected a list of check ids`);
        else value.forEach((id, i) => knownCheck(id, `checks.${list}[${i}]`) && config.checks[list].push(id));
      }
      const severity = raw.checks.severity;
      if (severity !== undefined) {
        if (!isRecord(severity)) problems.push('checks.severity: expected a mapping of check id to severity');
        else
          for (const [id, level] of Object.entries(severity)) {
            if (!knownCheck(id, `checks.severity.${id}`)) continue;
            if (isSeverity(level)) config.checks.severity[id] = level;
            else problems.push(`checks.severity.${id}: expected one of ${SEVERITIES.join(', ')}`);
          }
      }
    }
  }

  if (raw.exceptions !== undefined) {
    if (!Array.isArray(raw.exceptions)) problems.push('exceptions: expected a list');
    else
      raw.exceptions.forEach((entry, i) => {
        const where = `exceptions[${i}]`;
        if (!isRecord(entry)) {
          problems.push(`${where}: expected a mapping`);
          return;
        }
        if (entry.check !== '*' && !knownCheck(entry.check, `${where}.check`)) return;
        if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
          problems.push(`${where}: a reason is required`);
          return;
        }
        const exception: ConfigException = { check: entry.check as string, reason: entry.reason.trim() };
        if (entry.owner !== undefined) {
          if (typeof entry.owner === 'string') exception.owner = entry.owner;
          else problems.push(`${where}.owner: expected a string`);
        }
        if (entry.expires !== undefined) {
          const expires = entry.expires;
          if (typeof expires === 'string' && DATE.test(expires)) exception.expires = expires;
          else problems.push(`${where}.expires: expected a date YYYY-MM-DD`);
        }
        if (entry.resource !== undefined) {
          if (!isRecord(entry.resource)) problems.push(`${where}.resource: expected a mapping (kind, namespace, name, container)`);
          else {
            const resource: NonNullable<ConfigException['resource']> = {};
            for (const [key, value] of Object.entries(entry.resource)) {
              if (typeof value !== 'string') {
                problems.push(`${where}.resource.${key}: expected a string`);
                continue;
              }
              if (key === 'kind' || key === 'namespace' || key === 'name') resource[key] = value;
              else if (key === 'container') exception.container = value;
              else problems.push(`${where}.resource.${key}: unknown key (expected kind, namespace, name, container)`);
            }
            exception.resource = resource;
          }
        }
        config.exceptions.push(exception);
      });
  }
  return { config, problems };
}

function suggest(id: string, ids: Set<string>): string {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of ids) {
    const d = editDistance(id, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
