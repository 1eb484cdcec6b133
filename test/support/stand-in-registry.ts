import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in OCI registry on 127.0.0.1, in the pattern of test/e2e/fake-github.ts: the endpoints
 * `fix --resolve` uses, answering with the shapes of the distribution spec and Docker Hub's token
 * flow, recording every request, and failing on request.
 *
 * - `HEAD|GET /v2/<name>/manifests/<tag>` wants `Authorization: Bearer <token>`; without it, 401
 *   with `WWW-Authenticate: Bearer realm="<url>/token",service="stand-in",scope="repository:<name>:pull"`
 *   (https://distribution.github.io/distribution/spec/auth/token/). With it: the manifest's
 *   `Content-Type` and `Docker-Content-Digest` (the sha256 of its bytes), the body on GET only.
 * - `GET /token?service=…&scope=…` answers `{ "token": … }`, anonymously for public repositories
 *   and only with the right Basic login for private ones (401 otherwise).
 */
export interface StandInFailure {
  path: RegExp;
  status: number;
  times?: number;
  hang?: boolean;
}

const INDEX = 'application/vnd.oci.image.index.v1+json';

export class StandInRegistry {
  readonly requests: Array<{ method: string; path: string; authorization?: string }> = [];
  readonly failures: StandInFailure[] = [];
  /** Repositories by name: each tag's manifest (an image index by default). */
  readonly manifests = new Map<string, Map<string, { mediaType: string; body: string }>>();
  /** Repositories that need a login, and the one login that opens them. */
  readonly private = new Map<string, { username: string; password: string }>();
  /** Leave `Docker-Content-Digest` out (some registries do): the client must hash the body. */
  omitDigestHeader = false;
  /** Where the 401 challenge says to get a token; by default this registry's own `/token`. */
  realm: string | undefined;
  private server: Server | undefined;
  url = '';
  host = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', this.url);
      const method = request.method ?? 'GET';
      this.requests.push({ method, path: url.pathname, ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}) });
      const failure = this.failures.find((candidate) => candidate.path.test(url.pathname));
      if (failure) {
        failure.times = (failure.times ?? 1) - 1;
        if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
        if (failure.hang) return;
        response.writeHead(failure.status, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ errors: [{ code: 'FAILURE', message: `stand-in ${failure.status}` }] }));
      }
      if (url.pathname === '/token') return this.token(url, request, response);
      const manifest = url.pathname.match(/^\/v2\/(.+)\/manifests\/([^/]+)$/);
      if (!manifest) return void response.writeHead(404).end();
      const [, name, tag] = manifest;
      if (request.headers.authorization !== `Bearer token-for-${name}`) {
        response.writeHead(401, {
          'www-authenticate': `Bearer realm="${this.realm ?? `${this.url}/token`}",service="stand-in",scope="repository:${name}:pull"`,
          'content-type': 'application/json',
        });
        return void response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED' }] }));
      }
      const found = this.manifests.get(name!)?.get(decodeURIComponent(tag!));
      if (!found) return void response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN' }] }));
      const digest = StandInRegistry.digest(found.body);
      response.writeHead(200, {
        'content-type': found.mediaType,
        'content-length': String(Buffer.byteLength(found.body)),
        ...(this.omitDigestHeader ? {} : { 'docker-content-digest': digest }),
      });
      response.end(method === 'HEAD' ? undefined : found.body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.host = `127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Publishes a multi-platform image index under `name:tag`; returns its digest. */
  publish(name: string, tag: string, platforms = ['linux/amd64', 'linux/arm64']): string {
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: INDEX,
      manifests: platforms.map((platform, i) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${String(i).repeat(64)}`, size: 100, platform: { os: platform.split('/')[0], architecture: platform.split('/')[1] } })),
    });
    const tags = this.manifests.get(name) ?? new Map();
    tags.set(tag, { mediaType: INDEX, body });
    this.manifests.set(name, tags);
    return StandInRegistry.digest(body);
  }

  static digest(body: string): string {
    return `sha256:${createHash('sha256').update(body).digest('hex')}`;
  }

  private token(url: URL, request: IncomingMessage, response: import('node:http').ServerResponse): void {
    const name = /^repository:(.+):pull$/.exec(url.searchParams.get('scope') ?? '')?.[1] ?? '';
    const login = this.private.get(name);
    if (url.searchParams.get('service') !== 'stand-in' || (login && request.headers.authorization !== `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`)) {
      return void response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ details: 'login required' }));
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ token: `token-for-${name}`, expires_in: 300 }));
  }
}
