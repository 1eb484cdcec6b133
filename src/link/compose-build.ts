import { posix } from 'node:path';
import { composeModel } from '../core/compose-model.js';
import { joinPointer } from '../core/json-pointer.js';
import type { DocumentKind, SourceDocument } from '../core/source-document.js';
import type { Subject, SubjectAnchor } from '../core/subject.js';
import { classify } from '../discover/classify.js';
import { inSkippedFolder } from '../discover/refusal.js';
import { besideCompose } from '../documents/compose-paths.js';
import type { ContainerSpec } from '../subjects/container.js';
import type { DockerfileStage } from '../subjects/dockerfile-stage.js';
import type { Linker } from './link.js';
import type { LinkState } from './link-state.js';

/**
 * Joins a Compose service with `build:` to the Dockerfile it builds (DESIGN.md E1). The context
 * is relative to the Compose file's folder and `dockerfile` (default `Dockerfile`) to the
 * context (https://docs.docker.com/reference/compose-file/build/); `build.target` picks the
 * stage, else the last one runs. The resolved path is recorded as `build.resolved`.
 *
 * When that Dockerfile was parsed, a service that sets no `user` runs as the stage's effective
 * USER, and one with no `healthcheck` gets the stage's HEALTHCHECK, each anchored in the
 * Dockerfile; the stage is the subject's evidence, so every finding on the service also shows
 * where the image it runs is built. Runs after override files and `extends` are merged.
 */
export const linkComposeBuild: Linker = (state) => {
  const dockerfiles = new Map(state.documents.filter((d) => d.kind === 'dockerfile').map((d) => [d.path, d]));
  for (const document of state.documents) {
    if (document.kind !== 'compose') continue;
    for (const [name, service] of composeModel(document)?.services ?? []) {
      const subject = state.subjectsOf(document).find((s): s is Subject<ContainerSpec> => s.type === 'container' && s.name === name && s.pointer === service.pointer);
      const build = subject?.value.build;
      if (!subject || !build) continue;
      if (build.inline) {
        notJudged(state, document, joinPointer(service.pointer, 'build', 'dockerfile_inline'), `${name} builds its image from \`dockerfile_inline\` text, which Containment does not judge as a Dockerfile`, INLINE_INSTEAD);
        continue;
      }
      // Without a context, Compose builds the Compose file's own folder. A context or Dockerfile a
      // variable leaves unknown builds something not known here (no finding, as for a script's
      // `-f "$DF"`); a remote context (a Git URL) builds what it fetches, as an `image:` pulls.
      const written = build.context ?? '.';
      if (build.unknown || isRemote(written)) continue;
      const context = besideCompose(document.path, written);
      const outside = `${name} builds its image from ${build.dockerfile !== undefined && !isRelative(build.dockerfile) ? build.dockerfile : posix.join(written, build.dockerfile ?? 'Dockerfile')}, which is outside the scanned folder`;
      const at = joinPointer(service.pointer, 'build', ...(build.dockerfile !== undefined ? ['dockerfile'] : build.context !== undefined ? ['context'] : []));
      if (context === undefined || (build.dockerfile !== undefined && !isRelative(build.dockerfile))) {
        notJudged(state, document, at, outside, OUTSIDE_INSTEAD);
        continue;
      }
      // Relative to the context folder: a file in it stands for it (`''` is the scanned folder's own
      // root, where `build: .` beside a top-level compose.yaml puts it; `/x` there was no path).
      const resolved = besideCompose(context === '' ? 'x' : `${context}/x`, build.dockerfile ?? 'Dockerfile');
      if (!resolved) {
        notJudged(state, document, at, outside, OUTSIDE_INSTEAD);
        continue;
      }
      const raw = state.raw(service);
      const linked = state.update(subject, { value: { ...subject.value, build: { ...build, resolved } } });
      const dockerfile = dockerfiles.get(resolved);
      if (!dockerfile && buildFileUnread(resolved)) {
        notJudged(state, document, at, `${name} builds its image from ${resolved}, ${unreadBuildFile(resolved)}`, buildFileInstead(resolved));
        continue;
      }
      const target = record(raw['build'])['target'];
      const stage = dockerfile && finalStage(state, dockerfile, typeof target === 'string' ? target : undefined);
      if (!dockerfile || !stage) continue;
      join(state, linked, raw, dockerfile, stage);
    }
  }
};

function join(state: LinkState, subject: Subject<ContainerSpec>, raw: Record<string, unknown>, dockerfile: SourceDocument, stage: Subject<DockerfileStage>): void {
  const facts = stage.value;
  const value: ContainerSpec = { ...subject.value };
  const anchors: SubjectAnchor[] = [...(subject.anchors ?? [])];
  // A `user:` written in Compose wins, even when it holds an unresolved variable (its value is
  // then unknown, not the Dockerfile's).
  if (!('user' in raw) && facts.user !== undefined) {
    value.user = facts.user;
    anchors.push({ path: '/user', document: dockerfile, pointer: stageAnchor(stage, '/user') });
  }
  if (!('healthcheck' in raw) && facts.healthcheck) {
    value.healthcheck = { test: facts.healthcheck.test, disable: facts.healthcheck.disable };
    anchors.push({ path: '/healthcheck', document: dockerfile, pointer: stageAnchor(stage, '/healthcheck') });
  }
  const stageName = facts.name ? ` (stage \`${facts.name}\`)` : '';
  const runsAs = facts.user !== undefined ? `runs as \`${facts.user}\`` : 'sets no USER, so it runs as the base image\'s user (root unless the image says otherwise)';
  const evidence = [
    ...(subject.evidence ?? []),
    { document: dockerfile, pointer: stage.pointer, message: `${subject.name} is built from ${dockerfile.path}, whose ${facts.isFinal ? 'final stage' : 'target stage'}${stageName} ${runsAs}` },
  ];
  state.update(subject, { value, anchors, evidence });
}

/** The stage `docker compose build` produces: `target` when set, else the final one. */
function finalStage(state: LinkState, dockerfile: SourceDocument, target: string | undefined): Subject<DockerfileStage> | undefined {
  const stages = state.subjectsOf(dockerfile).filter((s): s is Subject<DockerfileStage> => s.type === 'dockerfile.stage');
  return target !== undefined ? stages.find((s) => s.value.name?.toLowerCase() === target.toLowerCase()) : stages.find((s) => s.value.isFinal);
}

/** Where the stage writes a part of its value (an inherited USER is in an earlier stage). */
function stageAnchor(stage: Subject, path: string): string {
  const anchor = (stage.anchors ?? []).find((a) => a.path === path);
  return anchor?.pointer ?? stage.pointer;
}

/**
 * A `build-file-not-judged` problem where a Compose service or a workflow step names what it
 * builds: the image was never checked, which must not pass as safe (found by a review helper,
 * issue #17's session). `what` says what is built from what, and `instead` what to write, each
 * without a final period.
 */
export function notJudged(state: LinkState, document: SourceDocument, pointer: string, what: string, instead: string): void {
  state.addProblem(document, {
    ruleId: 'build-file-not-judged',
    message: `${what}, so the image it builds was not checked. ${instead}.`,
    range: document.locate(pointer),
  });
}

const INLINE_INSTEAD = 'Keep the Dockerfile in a file committed in the repository, and name that file in `build.dockerfile`';
/** What to write instead of a build from outside the scanned folder. */
export const OUTSIDE_INSTEAD = 'Build from a Dockerfile committed inside the scanned folder, named by a relative path';

/**
 * Whether a build file that was not read must be reported: a name discovery does not list was
 * read as a Dockerfile (`readsAsDockerfile`) unless missing or refused; a Dockerfile's name in a
 * folder discovery skips (`node_modules/x/Dockerfile`) was never read; a name of another judged
 * kind is judged as that kind. A Dockerfile's name elsewhere that is missing is a file the
 * checkout does not hold (a submodule not checked out, a file a step generates): not reported.
 */
export function buildFileUnread(path: string): boolean {
  return classify(path) !== 'dockerfile' || inSkippedFolder(path);
}

/** A build context fetched from elsewhere: a Git or HTTP URL (https://docs.docker.com/build/concepts/context/#remote-context). */
function isRemote(context: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(context);
}

/**
 * Why a Dockerfile that a build names at `path` was not judged, when it was not: a file under a
 * name discovery does not list is read as a Dockerfile (`readsAsDockerfile`), so it was missing
 * or refused; a name of another kind (`compose.yaml`) is judged as that kind.
 */
export function unreadBuildFile(path: string): string {
  const kind = classify(path);
  if (kind === 'dockerfile') return 'which is in a folder Containment skips (dependencies, version control)';
  return kind === undefined ? 'which is not a file in the scanned folder that Containment could read' : `which Containment reads as ${KIND_WORDS[kind]}, not as a Dockerfile`;
}

/** What to write instead of a build from `path` (see `unreadBuildFile`). */
export function buildFileInstead(path: string): string {
  const kind = classify(path);
  if (kind === 'dockerfile') return 'Build from a Dockerfile committed outside such folders';
  return kind === undefined
    ? 'Commit the Dockerfile it builds inside the scanned folder, as a regular file, and name it by its path there'
    : 'Keep the Dockerfile in a file of its own, not one named like a Compose file or a workflow, and name that file';
}

const KIND_WORDS: Record<DocumentKind, string> = { compose: 'a Compose file', workflow: 'a GitHub workflow', action: 'an action', dockerfile: 'a Dockerfile' };

function isRelative(path: string): boolean {
  return !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path);
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
