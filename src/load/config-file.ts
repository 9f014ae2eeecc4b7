import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import type { Check } from '../core/check.js';
import { emptyConfig, parseConfig, type StockadeConfig } from '../core/config.js';
import { InputError } from '../core/errors.js';
import { KUBE_YAML_SCHEMA } from './parse.js';

export const CONFIG_FILE_NAMES = ['.stockade.yaml', '.stockade.yml'];

/** Walks up from `start` (a file or directory) to the filesystem root looking for `.stockade.yaml`. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Reads and validates a config file; every problem is an InputError naming the file. */
export function readConfigFile(file: string, checks: readonly Check[]): StockadeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(file, undefined, 'cannot read configuration file');
  }
  let raw: unknown;
  try {
    raw = yaml.load(text, { schema: KUBE_YAML_SCHEMA });
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    throw new InputError(file, mark ? mark.line + 1 : undefined, `invalid YAML: ${(error as { reason?: string }).reason ?? String(error)}`);
  }
  const { config, problems } = parseConfig(raw, checks);
  if (problems.length > 0) throw new InputError(file, undefined, problems.join('; '));
  return config;
}

/** The config for a scan: `--config FILE`, else the nearest `.stockade.yaml` above the first path. */
export function resolveConfig(explicit: string | undefined, firstPath: string | undefined, checks: readonly Check[]): { config: StockadeConfig; file?: string } {
  const file = explicit ?? (firstPath && firstPath !== '-' ? findConfigFile(firstPath) : findConfigFile(process.cwd()));
  if (!file) return { config: emptyConfig() };
  return { config: readConfigFile(file, checks), file };
}
