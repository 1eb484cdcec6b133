import { createHash } from 'node:crypto';
import type { RegistryLogin } from './docker-credentials.js';

/**
 * What a tag resolves to: the digest of the manifest the registry serves for it — for a
 * multi-platform image its index (manifest list), so the pin keeps every platform — or why not.
 */
export type DigestAnswer = { digest: string } | { error: string };

export interface DigestOptions {
  /** Milliseconds each request may take; a registry that hangs costs at most this per request. */
  timeoutMs: number;
  login?: (registry: string) => RegistryLogin | undefined;
  /** The base URL of a registry (`https://ghcr.io`); by default Docker's own rules, see `registryBase`. */
  endpoint?: (registry: string) => string;
}

/** The index and manifest media types a pin may point at, index first (OCI image spec, Docker's manifest list). */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests */
const NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const HOST = /^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9a-fA-F:]+\])(:\d{1,5})?$/;
/** No manifest or token answer is this large; a larger one is not read. */
const MAX_BODY = 4 * 1024 * 1024;

/** Docker Hub's API host for `docker.io`; plain HTTP only for the loopback registries Docker itself allows it for. */
export function registryBase(registry: string): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io';
  return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(registry) ? `http://${registry}` : `https://${registry}`;
}

/**
 * Resolves `registry/repository:tag` through the OCI distribution API
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests):
 * `HEAD /v2/<name>/manifests/<tag>` and its `Docker-Content-Digest` header. A 401 with
 * `WWW-Authenticate: Bearer realm=…,service=…,scope=…` is answered by the token flow
 * (https://distribution.github.io/distribution/spec/auth/token/), anonymously unless Docker's
 * config has a login for the registry — as Docker Hub and GHCR want even for public images.
 * Never throws: every failure is an answer that says why.
 */
export async function resolveImageDigest(image: { registry: string; repository: string; tag: string }, options: DigestOptions): Promise<DigestAnswer> {
  // The distribution spec's grammar for names and tags, and a host name: anything else (a `..`
  // segment, a query) is no image, and must not shape the URL asked.
  if (!NAME.test(image.repository) || !TAG.test(image.tag) || !HOST.test(image.registry)) {
    return { error: `${image.registry}/${image.repository}:${image.tag} is not an image reference a registry could serve` };
  }
  const base = (options.endpoint ?? registryBase)(image.registry);
  const url = `${base}/v2/${image.repository}/manifests/${encodeURIComponent(image.tag)}`;
  const login = options.login?.(image.registry);
  try {
    let response = await request(url, 'HEAD', { accept: ACCEPT }, options.timeoutMs);
    if (response.status === 401) {
      const authorization = await authorize(response.headers.get('www-authenticate') ?? '', login, base, options.timeoutMs, image.registry);
      if ('error' in authorization) return authorization;
      response = await request(url, 'HEAD', { accept: ACCEPT, authorization: authorization.header }, options.timeoutMs);
      if (response.status === 405 || (response.ok && !DIGEST.test(response.headers.get('docker-content-digest') ?? ''))) {
        // Some registries answer HEAD without the header (or not at all): the digest of the body is the digest.
        response = await request(url, 'GET', { accept: ACCEPT, authorization: authorization.header }, options.timeoutMs);
      }
    } else if (response.status === 405 || (response.ok && !DIGEST.test(response.headers.get('docker-content-digest') ?? ''))) {
      response = await request(url, 'GET', { accept: ACCEPT }, options.timeoutMs);
    }
    if (!response.ok) return { error: statusMeaning(response.status, image, login !== undefined) };
    const header = response.headers.get('docker-content-digest') ?? '';
    if (DIGEST.test(header)) return { digest: header };
    const body = await limitedBody(response);
    if (body === undefined) return { error: `${image.registry} sent a manifest larger than ${MAX_BODY / 1024 / 1024} MiB` };
    return { digest: `sha256:${createHash('sha256').update(body).digest('hex')}` };
  } catch (error) {
    return { error: networkMeaning(error, image.registry, options.timeoutMs) };
  }
}

async function request(url: string, method: 'GET' | 'HEAD', headers: Record<string, string>, timeoutMs: number): Promise<Response> {
  // No redirects: a manifest is served where it is asked for, and a redirect could lead anywhere.
  return fetch(url, { method, headers, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
}

/** The `Authorization` header for a second try, from the challenge of the first (RFC 7235 §4.1). */
async function authorize(challenge: string, login: RegistryLogin | undefined, base: string, timeoutMs: number, registry: string): Promise<{ header: string } | { error: string }> {
  const basic = login ? `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}` : undefined;
  const scheme = challenge.trim().split(/\s+/, 1)[0]?.toLowerCase();
  if (scheme === 'basic') return basic ? { header: basic } : { error: `${registry} wants a login; run \`docker login ${registry}\`` };
  if (scheme !== 'bearer') return { error: `${registry} asked for an authentication Containment does not speak (${scheme || 'none'})` };
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
  const realm = params['realm'];
  if (!realm) return { error: `${registry} asked for a token without saying where to get it` };
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(realm);
  } catch {
    return { error: `${registry} named a token service that is not a URL` };
  }
  // The registry names where to ask, so it is asked only over HTTPS or at the registry itself:
  // a realm of plain http://169.254.169.254/… must not turn a lookup into a request inside the network.
  if (tokenUrl.protocol !== 'https:' && tokenUrl.origin !== new URL(base).origin) {
    return { error: `${registry} named a token service over plain HTTP elsewhere (${tokenUrl.origin}), which Containment does not ask` };
  }
  if (params['service']) tokenUrl.searchParams.set('service', params['service']);
  if (params['scope']) tokenUrl.searchParams.set('scope', params['scope']);
  const response = await fetch(tokenUrl, { headers: basic ? { authorization: basic } : {}, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) return { error: `${tokenUrl.host} refused a pull token (HTTP ${response.status})${login ? '' : '; if the image is private, run `docker login`'}` };
  const body = await limitedBody(response);
  let token: unknown;
  try {
    const parsed = JSON.parse(body?.toString('utf8') ?? '') as { token?: unknown; access_token?: unknown };
    token = parsed.token ?? parsed.access_token;
  } catch {
    token = undefined;
  }
  return typeof token === 'string' && token !== '' ? { header: `Bearer ${token}` } : { error: `${tokenUrl.host} answered without a token` };
}

async function limitedBody(response: Response): Promise<Buffer | undefined> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BODY || !response.body) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  // Read piece by piece and stop at the limit: a registry that streams without a length (or lies
  // about it) must not make the scan hold its whole answer.
  const pieces: Uint8Array[] = [];
  let read = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > MAX_BODY) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    pieces.push(value);
  }
  return Buffer.concat(pieces);
}

function statusMeaning(status: number, image: { registry: string; repository: string; tag: string }, loggedIn: boolean): string {
  if (status === 404) return `${image.registry} has no tag ${image.tag} of ${image.repository}`;
  if (status === 401 || status === 403) return `${image.registry} refused access to ${image.repository} (HTTP ${status})${loggedIn ? '' : '; if it is private, run `docker login`'}`;
  if (status === 429) return `${image.registry}'s rate limit was reached (HTTP 429); try again later or log in`;
  return `${image.registry} answered HTTP ${status}`;
}

function networkMeaning(error: unknown, registry: string, timeoutMs: number): string {
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `${registry} did not answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return `${registry} could not be reached (${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))})`;
}
