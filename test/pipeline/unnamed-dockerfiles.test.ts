import { symlinkSync, } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { compileRules } from '../../src/evaluate/evaluate.js';
import { judgeAsRead } from '../../src/pipeline/judge-as-read.js';
import { scan } from '../../src/pipeline/scan.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';
import { expectSameAsLinkingAll as compare } from '../support/judge-as-read-compare.js';
import { temporaryRepositories } from '../support/temp-repository.js';

// Compose's `build.dockerfile` and `docker build -f` build any file. One named `Dockerfile-prod`
// or `ci/image.conf` is read as a Dockerfile and judged like a discovered one, not reported as
// `build-file-not-judged` (which failed the gate of every repository that names its Dockerfiles
// that way); only a build file the scan cannot read still is.

const ROOT_RUN = 'FROM debian:12\nRUN curl -fsSL https://get.example.com/install.sh | sh\n';

const repository = temporaryRepositories('containment-unnamed-');

const where = (findings: readonly Finding[], ruleId: string) =>
  findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.path}:${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);

describe('Dockerfiles built under names discovery does not list', () => {
  it('judges the file a Compose service builds as `Dockerfile-prod`, and joins the service to it', async () => {
    const root = repository({
      'compose.yaml': 'services:\n  web:\n    build:\n      context: ./app\n      dockerfile: Dockerfile-prod\n',
      'app/Dockerfile-prod': ROOT_RUN,
    });
    const result = await scan({ root });
    expect(where(result.findings, 'build-file-not-judged')).toEqual([]);
    // The RUN line of the unnamed file: judged as a Dockerfile.
    expect(where(result.findings, 'command-download-piped-to-shell')).toEqual(['app/Dockerfile-prod:2:1-2:55']);
    // The service runs the final stage's user: root, because the file sets no USER.
    const root_ = result.findings.filter((f) => f.ruleId === 'container-runs-as-root');
    expect(root_.map((f) => f.path)).toContain('compose.yaml');
    expect(root_.flatMap((f) => f.related.map((r) => r.path))).toContain('app/Dockerfile-prod');
    expect(result.files).toContainEqual({ path: 'app/Dockerfile-prod', kind: 'dockerfile' });
  });

  it('judges the file a workflow builds with `docker build -f ci/image.conf`', async () => {
    const root = repository({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f ci/image.conf -t x .\n',
      'ci/image.conf': ROOT_RUN,
    });
    const result = await scan({ root });
    expect(where(result.findings, 'build-file-not-judged')).toEqual([]);
    expect(where(result.findings, 'command-download-piped-to-shell')).toEqual(['ci/image.conf:2:1-2:55']);
  });

  it('still reports a build file that is not in the folder, or is a link out of it, where it is named', async () => {
    const outside = repository({ 'Dockerfile-evil': ROOT_RUN });
    const root = repository({
      'compose.yaml': [
        'services:',
        '  missing:',
        '    build: { context: ., dockerfile: Dockerfile-gone }',
        '  linked:',
        '    build: { context: ., dockerfile: Dockerfile-link }',
        '  other-kind:',
        '    build: { context: ., dockerfile: compose.yaml }',
        '',
      ].join('\n'),
    });
    symlinkSync(join(outside, 'Dockerfile-evil'), join(root, 'Dockerfile-link'));
    const result = await scan({ root });
    const notJudged = result.findings.filter((f) => f.ruleId === 'build-file-not-judged');
    expect(notJudged.map((f) => `${f.range.start.line}:${f.range.start.column}`)).toEqual(['3:26', '5:26', '7:26']);
    expect(notJudged[0]!.message).toMatch(/^missing builds its image from Dockerfile-gone, which is not a file in the scanned folder that Containment could read, so the image it builds was not checked\. Commit the Dockerfile/);
    expect(notJudged[2]!.message).toMatch(/^other-kind builds its image from compose\.yaml, which Containment reads as a Compose file, not as a Dockerfile/);
    // The link's target was never read: nothing of it is judged, and the scan says it is incomplete.
    expect(result.findings.filter((f) => f.path === 'Dockerfile-link' && f.ruleId !== 'scan-incomplete')).toEqual([]);
    expect(where(result.findings, 'scan-incomplete')).toEqual(['Dockerfile-link:1:1-1:1']);
    expect(result.failed).toBe(true);
  });

  it('reads one file that two services and a workflow build once, and a `$$` name as the literal name Compose builds', async () => {
    const files = {
      'compose.yaml': 'services:\n  a:\n    build: { context: ., dockerfile: docker/prod.dock }\n  b:\n    build: { context: ., dockerfile: docker/prod.dock }\n  c:\n    build: { context: ., dockerfile: "$${DF}" }\n',
      'docker/prod.dock': 'FROM debian:12\nUSER app\nRUN curl https://x.example/i.sh | bash\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f docker/prod.dock .\n      - run: docker build -f "$DF" .\n',
    };
    const findings = await compare(memoryTree(files));
    expect(where(findings, 'command-download-piped-to-shell')).toEqual(['docker/prod.dock:3:1-3:39']);
    // c builds the file named `${DF}` literally (`$$` is Compose's escape), which the folder does
    // not hold; the workflow's `"$DF"` is a shell variable, unknown here, and not reported.
    expect(where(findings, 'build-file-not-judged')).toEqual(['compose.yaml:7:26-7:46']);
    // a and b run the file's USER app; c's image is not known here, so its user is the image's.
    expect(findings.filter((f) => f.ruleId === 'container-runs-as-root').map((f) => f.pointer)).toEqual(['/services/c']);
  });

  it('counts the files it reads that way in the progress it reports, never past the total', async () => {
    const tree = memoryTree({
      'compose.yaml': 'services:\n  web:\n    build: { context: ., dockerfile: Dockerfile-prod }\n',
      'Dockerfile-prod': ROOT_RUN,
      'Dockerfile': 'FROM debian:12\n',
    });
    const progress: Array<[number, number]> = [];
    const rules = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules));
    await judgeAsRead(tree, [], rules, { onProgress: (read, total) => progress.push([read, total]) });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
      [3, 3],
    ]);
  });
});
