import { describe, expect, it } from 'vitest';
import { type Finding, messageParts } from '../../src/core/finding.js';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { link } from '../../src/link/link.js';
import { readProject } from '../../src/pipeline/read-project.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

const rules = loadBuiltinPacks().flatMap((pack) => pack.rules);
const compiled = compileRules(rules);

async function scanFiles(files: Record<string, string>): Promise<Finding[]> {
  const { documents } = await readProject(memoryTree(files), []);
  return evaluate(link(documents), compiled);
}

/** Two equal words with only blanks between them (`stage stage 0`, `the the`), whatever their case. */
function doubledWord(message: string): string | undefined {
  return /\b([a-z]+)\s+\1\b/i.exec(message)?.[0];
}

describe('every rule message, on every example of every rule (issue #14, item 16)', () => {
  it('repeats no word and leaves no placeholder unfilled', async () => {
    const findings: Finding[] = [];
    for (const rule of rules) for (const test of rule.tests) findings.push(...(await scanFiles({ ...test.files, [test.file]: test.content })));
    expect(findings.length).toBeGreaterThan(200);
    const bad = findings.flatMap((f) => {
      const doubled = doubledWord(f.message);
      // Only the template's text: a value from a file may hold `${{ … }}`.
      const text = (messageParts(f) ?? []).map((part) => ('text' in part ? part.text : '')).join('');
      const placeholder = /(?<!\$)\{\{\s*[\w.-]+\s*\}\}/.exec(text)?.[0];
      return doubled || placeholder ? [`${f.ruleId}: ${doubled ?? placeholder}: ${f.message}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it('names an unnamed Dockerfile stage once: "stage 0", not "stage stage 0"', async () => {
    const findings = await scanFiles({ Dockerfile: 'FROM debian:12\nRUN apt-get update\nFROM debian:12 AS app\nRUN apt-get update\n' });
    const updates = findings.filter((f) => f.ruleId === 'dockerfile-apt-update-alone').map((f) => f.message);
    expect(updates).toEqual([expect.stringMatching(/^This RUN in stage 0 updates/), expect.stringMatching(/^This RUN in stage app updates/)]);
    // The stage's name comes from the file: it stays a value, apart from the template's words.
    const named = findings.find((f) => f.ruleId === 'dockerfile-apt-update-alone' && f.range.start.line === 4)!;
    expect(messageParts(named)?.slice(0, 3)).toEqual([{ text: 'This RUN in stage ' }, { value: 'app' }, { text: expect.stringMatching(/^ updates/) }]);
  });
});

describe('a container is told what to change in the words of its own file', () => {
  const privileged = async (files: Record<string, string>) => (await scanFiles(files)).filter((f) => f.ruleId === 'container-privileged').map((f) => f.message);

  it('a job container and a service container: remove --privileged from options:', async () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    container: { image: "node:22", options: --privileged }',
      '    services:',
      '      dind: { image: "docker:27-dind", options: "--privileged --cap-add SYS_ADMIN" }',
      '    steps:',
      '      - run: docker run --privileged alpine:3.20',
      '',
    ].join('\n');
    const messages = await privileged({ '.github/workflows/ci.yml': workflow });
    expect(messages).toHaveLength(3);
    for (const message of messages.slice(0, 2)) {
      expect(message).toContain('Remove `--privileged` from `options:` and add only the capabilities it needs with `--cap-add`.');
      expect(message).not.toContain('privileged: true');
    }
    expect(messages[2]).toContain('Remove `--privileged` and add only the capabilities it needs with `--cap-add`.');
  });

  it('a Compose service: remove privileged: true', async () => {
    const [message] = await privileged({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' });
    expect(message).toContain('Remove `privileged: true` and add only the capabilities it needs with `cap_add`.');
  });

  it('names the setting as the file writes it: pid: host, --pid in options:, --pid', async () => {
    const findings = await scanFiles({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    pid: host\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: { image: "node:22", options: --pid=host }\n    steps:\n      - run: docker run --ipc host alpine:3.20\n',
    });
    const messages = findings.filter((f) => f.ruleId === 'container-host-namespace').map((f) => f.message.split(',')[0]);
    expect(messages).toEqual(['a/container sets `--pid` in `options:` to `host`', 'a/step 0: docker run alpine:3.20 sets `--ipc` to `host`', 'web sets `pid` to `host`']);
  });
});

describe('an image reused through a YAML alias', () => {
  it('gives each job its own finding, named for the job and placed where the job takes the alias', async () => {
    const workflow = [
      'on: push', //                              1
      'permissions: {}', //                       2
      'jobs:', //                                 3
      '  build:', //                              4
      '    runs-on: ubuntu-latest', //            5
      '    container: &ctr', //                   6
      '      image: node:latest', //              7
      '    steps: [{ run: echo }]', //            8
      '  test:', //                               9
      '    runs-on: ubuntu-latest', //           10
      '    container: *ctr', //                  11
      '    steps: [{ run: echo }]', //           12
      '  lint:', //                              13
      '    runs-on: ubuntu-latest', //           14
      '    services: { db: { image: &db "postgres:latest" }, cache: { image: *db } }', // 15
      '    steps: [{ run: echo }]', //           16
      '',
    ].join('\n');
    const latest = (await scanFiles({ '.github/workflows/ci.yml': workflow })).filter((f) => f.ruleId === 'image-latest-tag');
    expect(latest.map((f) => [f.range.start.line, f.range.start.column, f.message.split(',')[0]])).toEqual([
      [7, 7, 'build/container uses `node:latest`'],
      [11, 5, 'test/container uses `node:latest`'],
      [15, 23, 'lint/services/db uses `postgres:latest`'],
      [15, 64, 'lint/services/cache uses `postgres:latest`'],
    ]);
    expect(new Set(latest.map((f) => f.fingerprint)).size).toBe(4);
  });
});
