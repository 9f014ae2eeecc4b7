import { isRecord } from '../../core/k8s/object.js';

/**
 * Reads a section of `.stockade.yaml` settings for a check. A value of the wrong shape throws:
 * the engine reports it as a problem naming the key, so a typo never silently disables a check.
 */
export function settingsSection(settings: Record<string, unknown>, section: string): Record<string, unknown> {
  const value = settings[section];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Error(`settings ${section}: expected a mapping`);
  return value;
}

/** Rejects keys a section does not define: a misspelt key would otherwise turn a check off silently. */
export function rejectUnknownKeys(section: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(section)) {
    if (!known.includes(key)) throw new Error(`settings ${where}.${key}: unknown key (expected ${known.join(', ')})`);
  }
}

export function stringList(section: Record<string, unknown>, key: string, where: string): string[] | undefined {
  const value = section[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`settings ${where}.${key}: expected a list of strings`);
  return value as string[];
}

export function stringMap(section: Record<string, unknown>, key: string, where: string): Record<string, string> | undefined {
  const value = section[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new Error(`settings ${where}.${key}: expected a mapping of strings`);
  }
  return value as Record<string, string>;
}

/** `images.allowedRegistries` and friends. */
export interface ImageSettings {
  allowedRegistries?: string[];
  /** Registries where anyone can publish under their own name (default: Docker Hub). */
  publicRegistries: string[];
  /** Namespaces on those registries that are trusted publishers (`bitnami`, `grafana`). */
  trustedNamespaces: string[];
}

const imageSettingsCache = new WeakMap<Record<string, unknown>, ImageSettings>();

/** Read once per settings object: checks call this for every workload. */
export function imageSettings(settings: Record<string, unknown>): ImageSettings {
  const cached = imageSettingsCache.get(settings);
  if (cached) return cached;
  const images = settingsSection(settings, 'images');
  rejectUnknownKeys(images, ['allowedRegistries', 'publicRegistries', 'trustedNamespaces'], 'images');
  const result: ImageSettings = {
    publicRegistries: stringList(images, 'publicRegistries', 'images') ?? ['docker.io'],
    trustedNamespaces: stringList(images, 'trustedNamespaces', 'images') ?? [],
  };
  const allowed = stringList(images, 'allowedRegistries', 'images');
  if (allowed !== undefined) result.allowedRegistries = allowed;
  imageSettingsCache.set(settings, result);
  return result;
}
