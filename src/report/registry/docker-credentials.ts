import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A registry login: what `docker login` stored. */
export interface RegistryLogin {
  username: string;
  password: string;
}

/** The keys `docker login` may have used for Docker Hub (its legacy index URL first). */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io', 'https://registry-1.docker.io'];

/**
 * The logins in Docker's client config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`),
 * `auths` only: `{ "auths": { "ghcr.io": { "auth": base64("user:token") } } }`
 * (https://docs.docker.com/reference/cli/docker/#docker-cli-configuration-file-configjson-properties).
 * Credential helpers (`credsStore`, `credHelpers`) are programs, which Containment does not run.
 * A missing or unreadable file means no logins: anonymous pulls still resolve public images.
 */
export function dockerLogins(env: NodeJS.ProcessEnv = process.env): (registry: string) => RegistryLogin | undefined {
  let auths: Record<string, { auth?: string; username?: string; password?: string }> = {};
  try {
    const dir = env['DOCKER_CONFIG'] || join(env['HOME'] || homedir(), '.docker');
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { auths?: typeof auths };
    if (config.auths && typeof config.auths === 'object') auths = config.auths;
  } catch {
    // No config, or not JSON: anonymous.
  }
  return (registry) => {
    const keys = registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry, `https://${registry}`, `https://${registry}/`];
    for (const key of keys) {
      const entry = auths[key];
      if (!entry) continue;
      if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password };
      if (typeof entry.auth !== 'string') continue;
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    return undefined;
  };
}
