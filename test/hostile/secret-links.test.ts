import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, runAction } from '../e2e/run-action.js';
import { type CliRun, cli, cliProcess, type JsonReport } from './cli-run.js';
import { PRIVILEGED } from './hostile-tree.js';

/**
 * `actions/checkout` keeps the job's token in `.git/config` (`http.<url>.extraheader =
 * AUTHORIZATION: basic <base64>`) unless `persist-credentials: false`. A pull request commits links
 * that lead there, by every name Containment reads, and a Compose file that would quote the line
 * through `${extraheader}`. No output of the bundled CLI or Action may carry the credential.
 */

const BASIC = Buffer.from('x-access-token:ghs_checkoutTokenThatMustNeverLeak0123').toString('base64');
const SECRETS = [BASIC, 'ghs_checkoutTokenThatMustNeverLeak0123', 'AUTHORIZATION', 'extraheader = '];

let repo: string;
let runs: Record<string, CliRun>;
let action: ActionRun;

const links: Array<[string, string]> = [
  ['svc/.env', '../.git/config'],
  ['compose.yaml', '.git/config'],
  ['docker-compose.override.yml', './.git/../.git/config'],
  ['.github/workflows/ci.yml', '../../.git/config'],
  ['Dockerfile', '.git/config'],
  ['action.yml', '.git/config'],
  // Through a committed link to the folder, and by an absolute path inside the root.
  ['gitdir', '.git'],
  ['via-folder/.env', '../gitdir/config'],
  ['via-folder/compose.yaml', '../gitdir/config'],
];

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'containment-secret-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
  git('init', '-q', '-b', 'main');
  // What actions/checkout writes with persist-credentials left on.
  git('config', '--local', 'http.https://github.com/.extraheader', `AUTHORIZATION: basic ${BASIC}`);
  const files: Record<string, string> = {
    'svc/compose.yaml': 'services:\n  web:\n    image: ${extraheader}\n    env_file: [.env]\n    privileged: true\n',
    'via-folder/Dockerfile': 'FROM ${extraheader}\n',
    'good/compose.yaml': PRIVILEGED,
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), content);
  }
  for (const [path, target] of links) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await symlink(target, join(repo, path));
  }
  await symlink(join(repo, '.git/config'), join(repo, 'good/.env'));
  git('add', '-A');
  git('commit', '-qm', 'a pull request that links to the token');
  const [text, json, sarif, textPlain] = await Promise.all([
    cli(['scan', repo]),
    cli(['scan', repo, '--format', 'json']),
    cli(['scan', repo, '--format', 'sarif']),
    // The same tree judged by the walker, as when git is not on PATH.
    cliProcess(['scan', repo], { PATH: '/nonexistent' }),
  ]);
  runs = { text: text!, json: json!, sarif: sarif!, textPlain: textPlain! };
  action = await runAction(repo, { event: 'push' });
}, 120_000);

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('links to .git/config', () => {
  it('leave no trace of the credential in any CLI output', () => {
    for (const [format, run] of Object.entries(runs)) {
      for (const secret of SECRETS) {
        expect(run.stdout, `${format} stdout`).not.toContain(secret);
        expect(run.stderr, `${format} stderr`).not.toContain(secret);
      }
    }
  });

  it('leave no trace of it in the Action log, outputs or job summary', () => {
    expect(action.stdout.length).toBeGreaterThan(0);
    for (const secret of SECRETS) {
      expect(action.stdout).not.toContain(secret);
      expect(action.stderr).not.toContain(secret);
      expect(action.summary).not.toContain(secret);
      expect(JSON.stringify(action.outputs)).not.toContain(secret);
    }
  });

  it('still judge the real files, and name every link that was not read', () => {
    const report = JSON.parse(runs['json']!.stdout) as JsonReport;
    expect(report.files.map((file) => file.path)).toEqual(['good/compose.yaml', 'svc/compose.yaml', 'via-folder/Dockerfile']);
    expect(report.findings.filter((f) => f.ruleId === 'container-privileged').map((f) => f.path)).toEqual(['good/compose.yaml', 'svc/compose.yaml']);
    const named = report.notices.map((notice) => notice.path);
    for (const path of ['svc/.env', 'good/.env', 'compose.yaml', 'docker-compose.override.yml', '.github/workflows/ci.yml', 'Dockerfile', 'action.yml', 'via-folder/compose.yaml']) {
      expect(named, path).toContain(path);
    }
    for (const notice of report.notices) expect(notice.message).toMatch(/symlink|not read|was not read/);
  });

  it('the walker, without git, refuses the same links', () => {
    expect(runs['textPlain']!.stdout).toMatch(/git is not installed/);
    expect(runs['textPlain']!.stdout).toMatch(/svc\/\.env was not read: it is a link and it leads into \.git\//);
  });
});
