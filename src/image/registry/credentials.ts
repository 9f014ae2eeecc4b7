import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Credentials {
  username: string;
  password: string;
}

/** What `~/.docker/config.json` says about one registry. */
export interface DockerConfigAnswer {
  credentials?: Credentials;
  /** A credential helper is configured; running external helpers is not done, so the user is told. */
  helper?: string;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** The keys `docker login` may have stored a registry under. Docker Hub is keyed by its v1 index URL. */
function keysFor(registry: string): string[] {
  if (registry === 'docker.io') return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
  return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

/** Looks a registry up in the text of a Docker config file. Pure: reading the file is the caller's. */
export function credentialsFromDockerConfig(text: string, registry: string, where: string): DockerConfigAnswer {
  let config: DockerConfigFile;
  try {
    config = JSON.parse(text) as DockerConfigFile;
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  const keys = keysFor(registry);
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (!entry) continue;
    if (entry.username && entry.password) return { credentials: { username: entry.username, password: entry.password } };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { credentials: { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } };
      throw new Error(`${where}: the "auth" entry for ${key} is not base64 of user:password`);
    }
  }
  for (const key of keys) {
    const helper = config.credHelpers?.[key];
    if (helper) return { helper: `docker-credential-${helper}` };
  }
  if (config.credsStore) return { helper: `docker-credential-${config.credsStore}` };
  return {};
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; nothing when absent. */
export function readDockerConfig(registry: string, configDir = process.env.DOCKER_CONFIG ?? join(homedir(), '.docker')): DockerConfigAnswer {
  const path = join(configDir, 'config.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  return credentialsFromDockerConfig(text, registry, path);
}
