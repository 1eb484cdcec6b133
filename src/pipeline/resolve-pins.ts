import type { Finding } from '../core/finding.js';
import type { Fix, FixRequest } from '../core/fix.js';
import { SEVERITIES } from '../core/severity.js';
import type { SourceTree } from '../discover/source-tree.js';
import { MAX_SUGGESTION_CHARS, wholeLines } from '../evaluate/fixes/compute-fix.js';
import { resolveCommitSha } from '../report/github/commit-sha.js';
import type { RegistryLogin } from '../report/registry/docker-credentials.js';
import { resolveImageDigest } from '../report/registry/image-digest.js';

export interface PinOptions {
  /** `GITHUB_API_URL`. */
  apiUrl: string;
  /** `GITHUB_TOKEN`, when set. */
  token?: string;
  /** Per request; a registry that hangs leaves its findings without a fix after this long. */
  timeoutMs: number;
  login?: (registry: string) => RegistryLogin | undefined;
  /** A registry's base URL, instead of Docker's rules (tests point registries at stand-ins). */
  endpoint?: (registry: string) => string;
  /**
   * Only these registries are asked (the Action: a pull request chooses the image references, and
   * must not choose which hosts the runner sends requests to). Absent: every registry (the CLI).
   */
  registries?: ReadonlySet<string>;
}

/**
 * The public registries the Action asks for digests on a pull request's behalf: Docker Hub, GitHub,
 * Quay, Google, Microsoft, Amazon's public gallery and Kubernetes'. Others are pinned with the CLI.
 */
export const PUBLIC_REGISTRIES: ReadonlySet<string> = new Set(['docker.io', 'ghcr.io', 'quay.io', 'gcr.io', 'mcr.microsoft.com', 'public.ecr.aws', 'registry.k8s.io']);

/** Lookups in flight at once: enough for a repository's few dozen references, gentle on registries. */
const CONCURRENCY = 4;

/**
 * Turns each finding's `fixRequest` into a fix by asking the registry or GitHub, each distinct
 * reference once: `nginx:1.27` → `nginx:1.27@sha256:…`, `actions/checkout@v4` →
 * `actions/checkout@<sha> # v4`. A lookup that fails leaves its findings without a fix, with a
 * note saying why; nothing here fails the run. `texts` holds the files' texts (for whole lines).
 */
export async function resolvePins(findings: readonly Finding[], texts: ReadonlyMap<string, string>, options: PinOptions): Promise<Finding[]> {
  const lookups = new Map<string, () => Promise<{ value: string } | { error: string }>>();
  const keyOf = (request: FixRequest) =>
    request.image ? `image ${request.image.registry}/${request.image.repository}:${request.image.tag}` : `action ${request.action!.owner}/${request.action!.repo}@${request.action!.ref}`;
  for (const finding of findings) {
    const request = finding.fixRequest;
    if (!request || lookups.has(keyOf(request))) continue;
    lookups.set(keyOf(request), async () => {
      if (request.image) {
        if (options.registries && !options.registries.has(request.image.registry)) {
          return { error: `${request.image.registry} is not a registry the Action asks on a pull request's behalf; pin it with \`containment fix --resolve\`` };
        }
        const answer = await resolveImageDigest(request.image, options);
        return 'digest' in answer ? { value: answer.digest } : answer;
      }
      const answer = await resolveCommitSha(request.action!, options);
      return 'sha' in answer ? { value: answer.sha } : answer;
    });
  }
  const answers = new Map<string, { value: string } | { error: string }>();
  const queue = [...lookups];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) answers.set(next[0], await next[1]());
    }),
  );
  return findings.map((finding) => {
    const request = finding.fixRequest;
    const text = texts.get(finding.path);
    if (!request || text === undefined) return finding;
    const answer = answers.get(keyOf(request))!;
    if ('error' in answer) return { ...finding, fixNote: `Not pinned: ${answer.error}.` };
    return { ...finding, fix: pinFix(request, answer.value, text) };
  });
}

function pinFix(request: FixRequest, value: string, text: string): Fix {
  const pinned = request.image
    ? `${request.written}@${value}`
    : `${request.written.replace(/@[^@]*$/, `@${value}`)}${request.trailingComment ? ` # ${request.action!.ref}` : ''}`;
  const edits = [{ range: request.range, text: pinned }];
  const description = request.image
    ? `Pin ${request.written} to the digest its registry serves for this tag today (${value.slice(0, 19)}…).`
    : `Pin ${request.written} to the commit ${request.action!.ref} points at today (${value.slice(0, 12)}).`;
  // A line too long to suggest (src/evaluate/fixes/compute-fix.ts) leaves the pin to `containment fix`.
  const lines = wholeLines(text, edits);
  return { label: request.label, check: request.check, description, edits, ...(lines.text.length <= MAX_SUGGESTION_CHARS ? { lines } : {}) };
}

/**
 * On a pull request, the pins worth asking for: new findings whose reference is on a line the
 * change adds (a suggestion can carry only those), the most severe first, at most `max`. Texts
 * are read through `tree` (the checked-out head). Returns the findings with those pins resolved.
 */
export async function resolveSuggestedPins(findings: readonly Finding[], tree: SourceTree, options: PinOptions, max: number): Promise<Finding[]> {
  const wanted = findings
    .filter((f) => f.fixRequest && !f.fix && f.novelty === 'new' && f.fixOnAddedLines)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity))
    .slice(0, max);
  if (wanted.length === 0) return [...findings];
  const texts = new Map<string, string>();
  for (const path of new Set(wanted.map((f) => f.path))) {
    const read = await tree.read(path);
    if ('text' in read) texts.set(path, read.text);
  }
  const resolved = new Map((await resolvePins(wanted, texts, options)).map((f) => [f.fingerprint, f]));
  return findings.map((f) => resolved.get(f.fingerprint) ?? f);
}
