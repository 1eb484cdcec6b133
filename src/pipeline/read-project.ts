import { posix } from 'node:path';
import { type ComposeFileReference, composeModel } from '../core/compose-model.js';
import type { Finding } from '../core/finding.js';
import { joinPointer } from '../core/json-pointer.js';
import type { Notice } from '../core/notice.js';
import type { SourceDocument } from '../core/source-document.js';
import type { DiscoveredFile, SourceTree } from '../discover/source-tree.js';
import type { ComposeEnvFile } from '../documents/compose-document.js';
import { parseEnvFile } from '../documents/compose-env-file.js';
import { MAX_ENV_FILE_BYTES, readComposeEnv } from '../documents/compose-env-read.js';
import { besideCompose } from '../documents/compose-paths.js';
import { parseDocument } from '../documents/parse-document.js';
import { COMPOSE_BASE_NAMES, COMPOSE_OVERRIDE_NAMES, composeFilesNamed } from '../link/compose-project.js';
import { knownRepositoryPath } from '../subjects/workflow-paths.js';
import type { ComposeRun, WorkflowStep } from '../subjects/workflow-step.js';
import { parseTimed } from './profile.js';
import { type ScanBudget, scanBudget, scanIncompleteFinding } from './scan-budget.js';
import { readServiceEnvFiles } from './service-env-files.js';

/**
 * Files read at once: enough to keep the disk and the parser busy, few enough that a repository of
 * tens of thousands of files never runs out of file descriptors (EMFILE), and that a pull request's
 * base read through GitHub's API never has more than this many requests in flight.
 */
const READ_CONCURRENCY = 16;

/**
 * Compose files reached only through `include:` or `extends.file` that one scan follows. Each is a
 * file the repository holds (the tree refuses anything else), so this only bounds a repository
 * generated to make the scan chase references.
 */
export const MAX_REFERENCED_FILES = 1000;

/**
 * Reads and parses every file a scan judges, through one tree (the working tree, or a pull
 * request's base revision): the discovered files, the `.env` beside each Compose file, and every
 * Compose file that an `include:` or `extends.file` names or a workflow step runs with
 * `docker compose -f`, whatever its name — Compose reads those, so a service a pull request
 * hides in `common.yml` is judged like any other.
 *
 * A reference Containment cannot follow (outside the scanned folder, a URL, a missing or refused
 * file, a value left unknown by interpolation) is a located `compose-reference-unresolved`
 * problem on the line that writes it: what it brings in is unknown, and an unknown is never
 * treated as safe. Refusals and budget overruns are also `notices`. The scan's budget
 * (`src/pipeline/scan-budget.ts`) decides which discovered files are read; what it leaves out is one
 * located `scan-incomplete` finding, which fails closed. Never throws for a working
 * tree; a base-revision tree throws when its source fails (see `SourceTree.read`).
 */
export async function readProject(
  tree: SourceTree,
  notices: Notice[],
  budget?: Partial<ScanBudget>,
  onProgress?: (read: number, total: number) => void,
  release?: ReadRelease,
  unnamedBuilds?: (documents: readonly SourceDocument[]) => readonly string[],
): Promise<ReadProject> {
  const { files: discovered, notices: found, envFiles: discoveredEnv = [] } = await tree.files();
  notices.push(...found);
  const unread: Finding[] = found.filter((notice) => notice.unread && notice.path !== undefined).map((notice) => unreadFinding(notice.path!, notice.message));
  const allowance = scanBudget(discovered, budget);
  /** Files discovery names as Compose files, read (or left out by the budget) as such. */
  const discoveredCompose = new Set(discovered.filter((file) => file.kind === 'compose').map((file) => file.path));
  // The variables each Compose document was interpolated with, so a file it brings in is read with
  // the same ones (Compose reads included and extended files in the including project).
  const envOf = new Map<SourceDocument, ComposeEnvFile | undefined>();
  // Where a bind mount's source leads through a committed link (`./sock -> /var/run/docker.sock`).
  const hostLink = tree.hostLink ? (path: string) => tree.hostLink?.(path) : undefined;
  // Synchronous on purpose, and called right before the document is offered to `take`: with
  // sixteen reads in flight, an `await` between parsing and taking kept up to sixteen parsed
  // documents alive at once, long enough for V8 to move them to the old generation (issue #17,
  // measured on the corpus x 10's 3,320 Dockerfiles read alone: 341 MB moved there against 12 MB).
  const parse = (path: string, kind: SourceDocument['kind'], text: string, env: ComposeEnvFile | undefined, envFiles?: ReadonlyMap<string, string>): SourceDocument => {
    const document = parseTimed(kind, () => parseDocument(kind, path, text, env, envFiles, hostLink));
    envOf.set(document, env);
    return document;
  };
  let done = 0;
  /**
   * Compose files the caller took as they were parsed (see ReadRelease), by read key: their path.
   * Kept out of `documents`, and read again if a reference followed below needs them.
   */
  const releasedCompose = new Map<string, string>();
  /**
   * Documents of discovered files not taken (and reads again of taken ones): they sort before
   * referenced reads of the same path. Never a taken document: that would keep it in memory.
   */
  const fromDiscovery = new Set<SourceDocument>();
  const composeFolders = new Set<string>();
  // How files were decoded (invalid UTF-8), by path once all are read, whatever order they were read in.
  const decoding: Notice[] = [];
  const readOne = async (file: (typeof allowance.files)[number]): Promise<SourceDocument | undefined> => {
    if (allowance.expired()) return void allowance.skip(file);
    const got = await tree.read(file.path);
    // Files a build names under other names are read past the discovered ones: the total grows with them.
    done++;
    onProgress?.(done, Math.max(done, allowance.files.length));
    if (!('text' in got)) {
      if ('refused' in got) {
        notices.push(got.refused);
        unread.push(unreadFinding(file.path, got.refused.message));
      }
      return undefined;
    }
    if (got.notice) decoding.push(got.notice);
    let document: SourceDocument;
    if (file.kind !== 'compose') document = parse(file.path, file.kind, got.text, undefined);
    else {
      const env = await readComposeEnv(tree, file.path, notices);
      if (env.unreadable) unread.push(unreadFinding(file.path, `${file.path} was not judged with its variables: ${env.unreadable}`));
      document = parse(file.path, file.kind, got.text, env.env);
      composeFolders.add(posix.dirname(file.path));
    }
    if (!release?.take(document)) {
      fromDiscovery.add(document);
      return document;
    }
    if (document.kind === 'compose') releasedCompose.set(readKey(document.path, envOf.get(document)), document.path);
    envOf.delete(document);
    return undefined;
  };
  // Taking documents as they are parsed needs what may refer to a document read first: workflows
  // (which name Compose files and Dockerfiles), then Compose files (which build Dockerfiles), with
  // every reference among them followed, then Dockerfiles, each kind read to the end before the next.
  release?.begin(allowance.files);
  let documents: SourceDocument[] = [];
  const readAll = async (files: typeof allowance.files): Promise<void> => {
    for (const document of await mapLimited(files, READ_CONCURRENCY, readOne)) if (document) documents.push(document);
  };
  /** What following references adds to `notices` and `unread`, after the decoding notices of every read. */
  const laterNotices: Notice[] = [];
  const laterUnread: Finding[] = [];
  if (!release) {
    await readAll(allowance.files);
    await followReferences(laterNotices, laterUnread);
    await readAll(unnamedDockerfiles(unnamedBuilds?.(documents) ?? [], laterUnread));
  } else {
    await readAll(allowance.files.filter((file) => file.kind === 'workflow' || file.kind === 'action'));
    await readAll(allowance.files.filter((file) => file.kind === 'compose'));
    const unnamed = await settle(release);
    await readAll(allowance.files.filter((file) => file.kind === 'dockerfile'));
    await readAll(unnamedDockerfiles(unnamed, laterUnread));
  }
  notices.push(...decoding.sort((a, b) => ((a.path ?? '') < (b.path ?? '') ? -1 : (a.path ?? '') > (b.path ?? '') ? 1 : 0)), ...laterNotices);
  return {
    documents: inReadOrder(documents),
    // By path (a stable sort: one file's in the order found), so that the order files were read in,
    // which `release` changes, does not change it.
    incomplete: [...allowance.findings(), ...unread, ...laterUnread].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };

  /**
   * Follows the references, and hands every document read so far to `release.settle`. Its own
   * frame, so that no variable of `readProject`'s keeps them while the Dockerfiles are read, or
   * the caller could not let them go (issue #17; measured: an async function's registers kept
   * the settled list alive to the end).
   */
  async function settle(release: ReadRelease): Promise<readonly string[]> {
    const { rereads, retracted } = await followReferences(laterNotices, laterUnread);
    const settled = inReadOrder(documents);
    documents = [];
    envOf.clear();
    fromDiscovery.clear();
    return (await release.settle({ documents: settled, rereads, retracted })) ?? [];
  }

  /**
   * A path read twice (its own variables, and an `include:`'s) keeps the discovered read first,
   * whichever was parsed first: linkers that look a file up by path take the last one.
   */
  function inReadOrder(list: SourceDocument[]): SourceDocument[] {
    return list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : Number(!fromDiscovery.has(a)) - Number(!fromDiscovery.has(b))));
  }

  /**
   * Follows what the Compose files and workflows read so far name: a folder's `COMPOSE_FILE`
   * without a Compose file, the files workflow steps run with `docker compose -f`, `include:` and
   * `extends.file` references, files taken in a folder that a reference reaches (`readRetracted`),
   * and services' `env_file:` entries. Adds to `documents`; writes
   * its notices and unread files to the lists given.
   */
  async function followReferences(notices: Notice[], unread: Finding[]): Promise<{ rereads: Set<SourceDocument>; retracted: Set<string> }> {
    // A folder with a `.env` that sets COMPOSE_FILE but no file named like a Compose file still runs
    // what COMPOSE_FILE names: `cd deploy && docker compose up`.
    for (const envPath of discoveredEnv) {
      if (composeFolders.has(posix.dirname(envPath))) continue;
      const got = await tree.read(envPath);
      if ('missing' in got) continue;
      if ('refused' in got) {
        notices.push(got.refused);
        continue;
      }
      if (got.text.length > MAX_ENV_FILE_BYTES) {
        unread.push(unreadFinding(envPath, `${envPath} is over the ${MAX_ENV_FILE_BYTES / 1024} KiB Containment reads, so the files its COMPOSE_FILE may name are unknown`));
        continue;
      }
      const env: ComposeEnvFile = { text: got.text, path: envPath };
      for (const reference of composeFileReferences(env)) {
        const target = besideCompose(envPath, reference.written);
        const file = target === undefined || target === '' ? undefined : await tree.read(target);
        if (!file || !('text' in file)) {
          if (file && 'refused' in file) notices.push(file.refused);
          unread.push(unreadFinding(envPath, `COMPOSE_FILE in ${envPath} names ${reference.written}, which Containment cannot read (outside the folder, missing, or not a regular file)`));
          continue;
        }
        documents.push(parse(target!, 'compose', file.text, env));
      }
    }
    // A file is judged once per set of variables it is read with: on its own with its own `.env`,
    // and again when an `include:` gives it others (`env_file`, `project_directory`, the parent's).
    // Compose reads only: a path read as a Dockerfile or a workflow that an `include:` names is read
    // again as the Compose file Compose would read it as (and whether the Dockerfiles were read yet,
    // with `release` they are not, must not decide whether it is).
    const known = new Set(documents.filter((document) => document.kind === 'compose').map((document) => readKey(document.path, envOf.get(document))));
    const rereads = new Set<SourceDocument>();
    // The files a followed document was included through, itself among them: compose-go refuses an
    // include cycle, and one with `env_file` would otherwise be read until the limit below, each
    // time with more variables, so never twice with the same read key.
    const includedThrough = new Map<SourceDocument, ReadonlySet<string>>();
    let followed = 0;
    // A workflow step's `docker compose -f FILE` makes Compose read FILE whatever its name
    // (`deploy/stack.yml`): a file no discovered name marks as Compose is read here, with its
    // folder's `.env` as a discovered one would be, and judged like any other. Workflows that run
    // such a command are kept for linking (`LinkReach`), so they are among `documents`.
    for (const target of workflowComposeFiles(documents)) {
      if (discoveredCompose.has(target)) continue;
      if (followed >= MAX_REFERENCED_FILES) {
        unread.push(unreadFinding(target, `a workflow runs it with docker compose -f, and the scan already followed ${MAX_REFERENCED_FILES} referenced files, its limit`));
        continue;
      }
      const got = await tree.read(target);
      // Missing: Compose would stop there, and so would the workflow.
      if ('missing' in got) continue;
      if ('refused' in got) {
        notices.push(got.refused);
        unread.push(unreadFinding(target, got.refused.message));
        continue;
      }
      const env = await readComposeEnv(tree, target, notices);
      if (env.unreadable) unread.push(unreadFinding(target, `${target} was not judged with its variables: ${env.unreadable}`));
      const key = readKey(target, env.env);
      if (known.has(key)) continue;
      known.add(key);
      followed++;
      documents.push(parse(target, 'compose', got.text, env.env));
    }
    // A workflow's `docker compose` run with variables of its own (`env:`, `export`, `--env-file`)
    // runs its project with them: each file it loads that writes one of them is read again with
    // them over its `.env`, and judged like any other read.
    // Read once per path: a workflow's `env:` gives every step that runs `docker compose` a run.
    const texts = new Map<string, Awaited<ReturnType<SourceTree['read']>>>();
    const readOnce = async (path: string) => {
      const known = texts.get(path);
      if (known) return known;
      const got = await tree.read(path);
      texts.set(path, got);
      return got;
    };
    for (const { run, workflow, pointer } of workflowComposeRuns(documents)) {
      const targets = run.files.length > 0 ? run.files : await defaultComposeFiles(readOnce, run.folder ?? '');
      for (const target of targets) {
        if (!knownRepositoryPath(target)) continue;
        const got = await readOnce(target);
        // Missing or refused: the plain read of the same file already says so.
        if (!('text' in got)) continue;
        const views = variableViews(got.text, run);
        if (views.length === 0 && run.envFiles.length === 0) continue;
        if (views.length > MAX_VARIABLE_VIEWS) {
          unread.push(unreadFinding(target, `a workflow step runs it with more than ${MAX_VARIABLE_VIEWS} sets of values for the variables it uses, which Containment does not all judge`));
          continue;
        }
        const base = run.envFiles.length > 0 ? await readEnvFiles(tree, run.envFiles, target, unread) : await readComposeEnv(tree, target, notices);
        if (base === undefined) continue;
        if (base.unreadable) unread.push(unreadFinding(target, `${target} was not judged with its variables: ${base.unreadable}`));
        for (const variables of views.length ? views : [{}]) {
          const env: ComposeEnvFile = {
            path: base.env?.path ?? `${posix.dirname(target) === '.' ? '' : `${posix.dirname(target)}/`}.env`,
            text: [base.env?.text ?? '', ...Object.entries(variables).map(([name, value]) => envLine(name, value))].join('\n'),
          };
          const key = readKey(target, env);
          if (known.has(key)) continue;
          if (followed >= MAX_REFERENCED_FILES) {
            unread.push(unreadFinding(target, `a workflow runs it with variables of its own, and the scan already followed ${MAX_REFERENCED_FILES} referenced files, its limit`));
            break;
          }
          known.add(key);
          followed++;
          // Where the values come from, beside what they make of each service (a related location).
          const names = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
          const from = names.length ? `${names.join(', ')} as this step may set ${names.length > 1 ? 'them' : 'it'}` : '';
          const files = run.envFiles.length ? `the --env-file ${run.envFiles.join(', ')}` : '';
          const evidence = { document: workflow, pointer, message: `${target} read with ${[files, from].filter(Boolean).join(' and ')}` };
          const parsed = parse(target, 'compose', got.text, env);
          parsed.subjects = parsed.subjects.map((subject) => (subject.type === 'container' ? { ...subject, evidence: [...(subject.evidence ?? []), evidence] } : subject));
          // Judged beside the file's own read: a finding that read has, same rule, place and values,
          // is not repeated (`image: nginx:${TAG:-1.27}` with TAG from the workflow).
          parsed.secondView = 'variables';
          documents.push(parsed);
        }
      }
    }
    for (let index = 0; index < documents.length; index++) {
      const document = documents[index]!;
      if (document.kind !== 'compose') continue;
      const parentEnv = envOf.get(document);
      const fromEnv = composeFileReferences(parentEnv);
      for (const reference of [...references(document), ...fromEnv]) {
        // COMPOSE_FILE names paths relative to the project folder, where its `.env` is, which is not
        // this file's folder when this file was itself reached through that COMPOSE_FILE.
        const target = besideCompose(fromEnv.includes(reference) && parentEnv ? parentEnv.path : document.path, reference.written);
        if (target === undefined || target === '') {
          unresolved(document, reference, 'Containment cannot read it: it is not a path inside the scanned folder (absolute, a URL, outside the folder, or unknown after interpolation)');
          continue;
        }
        const including = reference.pointer.startsWith('/include');
        const chain = includedThrough.get(document) ?? new Set([document.path]);
        if (including && chain.has(target)) {
          unresolved(document, reference, 'it includes, directly or through other files, the file that includes it: an include cycle, which Compose refuses', 'remove the `include:` that closes the cycle');
          continue;
        }
        const env = await referenceEnv(tree, document, reference, target, parentEnv, notices);
        if (typeof env === 'string') {
          unresolved(document, reference, env);
          continue;
        }
        const key = readKey(target, env);
        if (known.has(key)) continue;
        // A file taken as parsed is read again for the link stage; the caller has judged it already.
        const again = releasedCompose.has(key);
        // A file read again was discovered and read once already: it does not count as followed,
        // or a repository of many extended files would hit the limit only because it was judged as read.
        if (!again && followed >= MAX_REFERENCED_FILES) {
          unresolved(document, reference, `the scan already followed ${MAX_REFERENCED_FILES} referenced files, its limit`);
          continue;
        }
        const got = await tree.read(target);
        if ('missing' in got) {
          unresolved(document, reference, 'it does not exist, so Compose refuses this file');
          continue;
        }
        if ('refused' in got) {
          notices.push(got.refused);
          unresolved(document, reference, 'it is not a file Containment may read (a link into .git/ or out of the folder, or not a regular file)');
          continue;
        }
        if (!again) followed++;
        known.add(key);
        const parsed = parse(target, 'compose', got.text, env);
        if (including) includedThrough.set(parsed, new Set([...chain, target]));
        if (again) {
          rereads.add(parsed);
          fromDiscovery.add(parsed);
        }
        documents.push(parsed);
      }
    }
    const retracted = await readRetracted(known, rereads);
    // Services' `env_file:` entries, read through the same tree (the same refusals as `.env`), and
    // the file parsed again with them: their variables are the containers' environment.
    for (let index = 0; index < documents.length; index++) {
      const document = documents[index]!;
      const wanted = document.kind === 'compose' ? [...(composeModel(document)?.services.values() ?? [])].flatMap((service) => service.envFiles ?? []) : [];
      if (wanted.length === 0) continue;
      const { texts, failed } = await readServiceEnvFiles(tree, document.path, wanted, notices);
      const reparsed = texts.size ? parse(document.path, 'compose', document.text, envOf.get(document), texts) : document;
      if (reparsed !== document) {
        if (fromDiscovery.has(document)) fromDiscovery.add(reparsed);
        reparsed.problems.push(...document.problems.filter((problem) => problem.ruleId === 'compose-reference-unresolved'));
        documents[index] = reparsed;
      }
      for (const [reference, why] of failed) unresolved(reparsed, reference, why);
    }
    return { rereads, retracted };
  }

  /**
   * Override files pair by folder (`compose-project.ts`), and a Compose file the listing left out
   * (git-ignored, excluded, over the budget) still comes in through a reference: the files taken
   * in its folder as alone there were not. Each is read again with its own variables, for the
   * link stage, and named so the caller judges it there instead.
   */
  async function readRetracted(known: Set<string>, rereads: Set<SourceDocument>): Promise<Set<string>> {
    const retracted = new Set<string>();
    if (releasedCompose.size === 0) return retracted;
    const reached = new Set(documents.filter((document) => document.kind === 'compose' && !fromDiscovery.has(document)).map((document) => posix.dirname(document.path)));
    for (const [key, path] of releasedCompose) {
      if (!reached.has(posix.dirname(path))) continue;
      retracted.add(path);
      if (known.has(key)) continue;
      const got = await tree.read(path);
      if (!('text' in got)) continue;
      // Its notices were given when it was first read.
      const env = await readComposeEnv(tree, path, []);
      const parsed = parse(path, 'compose', got.text, env.env);
      known.add(key);
      rereads.add(parsed);
      fromDiscovery.add(parsed);
      documents.push(parsed);
    }
    return retracted;
  }
}

/** The parsed documents, and located `scan-incomplete` findings for what was left unread. */
export interface ReadProject {
  /** Every document read and not taken, sorted by path; with `release`, without those `settle` received. */
  documents: SourceDocument[];
  incomplete: Finding[];
}

/**
 * Lets a caller judge and drop documents while the rest is still being read, so that memory does
 * not grow with the repository (src/pipeline/judge-as-read.ts). `take` sees every document of the
 * discovered files once, right after it is parsed: workflows and actions first, then Compose
 * files; returning true takes it out of `documents`. Documents made by following references
 * (`include:`, `extends.file`, `COMPOSE_FILE`) are never offered. Then `settle` receives every
 * document not taken, and the Dockerfiles are read and offered to `take` last.
 */
export interface ReadRelease {
  /** Called once, before any file is read, with every file the read will parse. */
  begin(files: ReadonlyArray<{ path: string; kind: SourceDocument['kind'] }>): void;
  take(document: SourceDocument): boolean;
  /**
   * Called once, after every workflow, action and Compose file is read and every reference among
   * them followed, before the first Dockerfile is read. `documents` are those not taken and those
   * references brought in, sorted as `ReadProject.documents` is; they are the caller's from then
   * on and are not in `ReadProject.documents`. `rereads`: those among them that `take` had taken
   * and a reference made the read parse again (a Compose file another one extends or includes
   * with the same variables); the caller has judged them, and they are there for the link stage.
   * `retracted`: paths of Compose files `take` had taken that must be judged linked after all (a
   * Compose file the listing left out, reached by a reference, shares their folder: an override
   * pair); each is among `documents` and `rereads`, and the caller drops what it judged of it alone.
   *
   * Returns the paths, if any, that the settled documents build as Dockerfiles although discovery
   * did not list them (`readsAsDockerfile`: `build: {dockerfile: Dockerfile-prod}`): they are read
   * as Dockerfiles after the discovered ones, and given to `take` like them.
   */
  settle(read: { documents: SourceDocument[]; rereads: ReadonlySet<SourceDocument>; retracted: ReadonlySet<string> }): void | readonly string[] | Promise<readonly string[] | undefined>;
}

/**
 * The files to read as Dockerfiles that a Compose service or a workflow step builds under a name
 * discovery does not list (`Dockerfile-prod`), as read entries, at most `MAX_REFERENCED_FILES`;
 * each one past that is a `scan-incomplete` finding in `unread`. A path that does not exist is
 * read as missing and passed over: the build names a file the repository does not hold, and
 * `build-file-not-judged` says so where it is named.
 */
function unnamedDockerfiles(paths: readonly string[], unread: Finding[]): DiscoveredFile[] {
  for (const path of paths.slice(MAX_REFERENCED_FILES)) {
    unread.push(unreadFinding(path, `it is built as a Dockerfile, and the scan already read ${MAX_REFERENCED_FILES} such files that discovery did not list, its limit`));
  }
  return paths.slice(0, MAX_REFERENCED_FILES).map((path) => ({ path, kind: 'dockerfile', size: 0 }));
}

function readKey(path: string, env: ComposeEnvFile | undefined): string {
  return `${path}\0${env?.text ?? ''}`;
}

/**
 * The variables a referenced Compose file is read with. An `include:` reads the included file in
 * its own project: its `env_file` entries (by default the `.env` of its `project_directory`, by
 * default its own folder), with the including project's variables taking precedence, as
 * compose-go's loader merges them. An `extends.file` or a `COMPOSE_FILE` entry is read with the
 * variables of the file that names it. A string is why the variables cannot be known.
 */
async function referenceEnv(
  tree: SourceTree,
  document: SourceDocument,
  reference: ComposeFileReference,
  target: string,
  parentEnv: ComposeEnvFile | undefined,
  notices: Notice[],
): Promise<ComposeEnvFile | undefined | string> {
  if (!reference.pointer.startsWith('/include')) return parentEnv;
  const directory = reference.projectDirectory === undefined ? posix.dirname(target) : besideCompose(document.path, reference.projectDirectory);
  if (directory === undefined) return 'its `project_directory` is not a folder inside the scanned folder';
  const written = reference.envFiles ?? [];
  const paths = written.length > 0 ? written.map((file) => besideCompose(document.path, file)) : [directory === '.' || directory === '' ? '.env' : `${directory}/.env`];
  const texts: string[] = [];
  for (const path of paths) {
    if (path === undefined) return 'one of its `env_file` entries is not a file inside the scanned folder';
    const got = await tree.read(path);
    if ('refused' in got) {
      notices.push(got.refused);
      return `its env file ${path} is not a file Containment may read`;
    }
    if ('missing' in got) {
      if (written.length > 0) return `its env file ${path} does not exist, so Compose refuses this file`;
      continue;
    }
    if (got.text.length > MAX_ENV_FILE_BYTES) return `its env file ${path} is over the ${MAX_ENV_FILE_BYTES / 1024} KiB Containment reads`;
    texts.push(got.text);
  }
  // Later entries win in an env file, so the including project's variables come last.
  if (parentEnv) texts.push(parentEnv.text);
  if (texts.length === 0) return undefined;
  return { text: texts.join('\n'), path: parentEnv?.path ?? paths.find((path) => path !== undefined) ?? '.env' };
}

/**
 * `COMPOSE_FILE` in a `.env` names the files `docker compose` loads in that folder
 * (https://docs.docker.com/compose/how-tos/environment-variables/envvars/#compose_file), whatever
 * their names: each is followed like an `include:`, located at the top of the file it applies to.
 */
function composeFileReferences(env: ComposeEnvFile | undefined): ComposeFileReference[] {
  if (!env) return [];
  const variables = parseEnvFile(env.text);
  const list = variables.get('COMPOSE_FILE');
  if (typeof list !== 'string' || list === '') return [];
  const separator = variables.get('COMPOSE_PATH_SEPARATOR') || (list.includes(';') ? ';' : ':');
  return list
    .split(separator)
    .filter(Boolean)
    .map((written) => ({ written, pointer: '' }));
}

/** A file of a kind Containment judges that it did not read: a located `scan-incomplete` finding. */
function unreadFinding(path: string, why: string): Finding {
  const message = `Not fully scanned: ${why.replace(/\.$/, '')}. What it asks for was not checked and may hold anything; make it a regular file inside the scanned folder that Containment can read.`;
  return scanIncompleteFinding(path, message, `unread:${why}`);
}

/** Every other Compose file this one names: `include:` entries, then each service's `extends.file`. */
function references(document: SourceDocument): ComposeFileReference[] {
  const model = composeModel(document);
  if (!model) return [];
  const out = [...model.includes];
  for (const service of model.services.values()) {
    const file = service.extends?.file;
    if (file !== undefined) out.push({ written: file, pointer: joinPointer(joinPointer(service.pointer, 'extends'), 'file') });
  }
  return out;
}

function unresolved(document: SourceDocument, reference: ComposeFileReference, why: string, instead?: string): void {
  const envFile = /\/env_file(\/|$)/.test(reference.pointer);
  const what = envFile ? 'the environment variables it gives this service' : reference.pointer.startsWith('/services') ? 'the settings this service inherits from it' : 'the services it brings in';
  document.problems.push({
    ruleId: 'compose-reference-unresolved',
    message: `${reference.written ? `\`${reference.written}\`` : 'This reference'} was not read: ${why}. ${capitalize(what)} were not checked; ${instead ?? `name a ${envFile ? 'file' : 'Compose file'} inside the repository`}.`,
    range: document.locate(reference.pointer),
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The repository files workflow steps name with `docker compose -f` / `--file` or list in
 * `COMPOSE_FILE`, in the order the documents give them: paths written with a variable, absolute
 * or leaving the workspace are left out (their file is not one of the repository's).
 */
/** The `docker compose` commands of the workflows read that run with variables of their own (`WorkflowStep.composeRuns`), with their step. */
function workflowComposeRuns(documents: readonly SourceDocument[]): Array<{ run: ComposeRun; workflow: SourceDocument; pointer: string }> {
  const runs: Array<{ run: ComposeRun; workflow: SourceDocument; pointer: string }> = [];
  for (const document of documents) {
    if (document.kind !== 'workflow' && document.kind !== 'action') continue;
    for (const subject of document.subjects) {
      if (subject.type !== 'workflow.step') continue;
      for (const run of (subject.value as WorkflowStep).composeRuns ?? []) runs.push({ run, workflow: document, pointer: subject.pointer });
    }
  }
  return runs;
}

/** The files `docker compose` with no `-f` loads in a folder: its first base name found, then its first override name found. */
async function defaultComposeFiles(read: SourceTree['read'], folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const names of [COMPOSE_BASE_NAMES, COMPOSE_OVERRIDE_NAMES]) {
    for (const name of names) {
      const path = folder === '' || folder === '.' ? name : `${folder}/${name}`;
      if ('text' in (await read(path))) {
        found.push(path);
        break;
      }
    }
  }
  return found;
}

/** Sets of values a step's run of a Compose file is judged with, at most (`variableViews`); past it, the file is reported unread. */
const MAX_VARIABLE_VIEWS = 64;

/**
 * The sets of variables a workflow's run of a Compose file is judged with, of the variables that
 * can change how it reads: those its text writes (`$NAME`, `${NAME…}`), or all of them when it
 * `include`s or `extends` other files, which Compose interpolates with them too (helper-45). The
 * step's `env:` values alone; with everything the script seems to set (the last value of each);
 * and with each of those values on its own. What the script's text seems to set is read from text
 * a pull request writes (an assignment in a heredoc reads like a real one, helper-43), so it only
 * adds views, and a value a decoy assignment follows is still judged (helper-45). Empty when the
 * run sets nothing the file reads.
 */
function variableViews(text: string, run: ComposeRun): Array<Record<string, string>> {
  const reaches = /^\s*include\s*:|\bextends\s*:/m.test(text);
  // Compose names variables like the shell; any other `env:` key is never interpolated.
  const relevant = (name: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && (reaches || new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).test(text));
  const certain = Object.fromEntries(Object.entries(run.variables).filter(([name]) => relevant(name)));
  const derived = (run.derived ?? []).filter(([name]) => relevant(name));
  const views = [certain, { ...certain, ...Object.fromEntries(derived) }, ...derived.map(([name, value]) => ({ ...certain, [name]: value }))];
  const seen = new Set<string>();
  return views.filter((view) => {
    const key = JSON.stringify(Object.entries(view).sort());
    if (Object.keys(view).length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `NAME=value` as a `.env` line that reads back as exactly `value` (single quotes are literal; double quotes for a value holding one). */
function envLine(name: string, value: string): string {
  if (!value.includes("'")) return `${name}='${value}'`;
  return `${name}="${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

/**
 * The `--env-file` files of a run, read in order (later values win), in place of the project's
 * `.env`. Undefined when one does not exist: Compose then stops, and nothing runs.
 */
async function readEnvFiles(tree: SourceTree, paths: readonly string[], target: string, unread: Finding[]): Promise<{ env?: ComposeEnvFile; unreadable?: string } | undefined> {
  const texts: string[] = [];
  for (const path of paths) {
    if (!knownRepositoryPath(path)) {
      unread.push(unreadFinding(target, `a workflow runs it with --env-file ${path}, which Containment cannot read (outside the folder or unknown)`));
      return undefined;
    }
    const got = await tree.read(path);
    if ('missing' in got) return undefined;
    if ('refused' in got || got.text.length > MAX_ENV_FILE_BYTES) {
      return { unreadable: `the --env-file ${path} a workflow gives it was not read` };
    }
    texts.push(got.text);
  }
  return { env: { path: paths[paths.length - 1]!, text: texts.join('\n') } };
}

function workflowComposeFiles(documents: readonly SourceDocument[]): string[] {
  const paths = new Set<string>();
  for (const document of documents) {
    if (document.kind !== 'workflow' && document.kind !== 'action') continue;
    for (const subject of document.subjects) {
      if (subject.type !== 'workflow.step') continue;
      // `-f` names, and the files the step's COMPOSE_FILE lists (among its `composeFiles`, with the
      // default file of each folder, which is read as missing when the folder has none).
      const step = subject.value as WorkflowStep;
      for (const named of [...composeFilesNamed(step), step.composeFiles ?? []]) {
        for (const path of named) if (knownRepositoryPath(path)) paths.add(path);
      }
    }
  }
  return [...paths];
}
