import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const COMPOSE = [
  '# the stack',
  'services:',
  '  web:',
  '    image: nginx:1.27 # front',
  '    restart: always',
  '    ports: ["8080:80"]',
  '',
].join('\n');
const DOCKERFILE = 'FROM debian:12\nRUN apt-get update && apt-get install curl\nADD app.py /app/\nCMD python3 /app/app.py\n';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'containment-fix-'));
  await writeFile(join(work, 'compose.yaml'), COMPOSE);
  await writeFile(join(work, 'Dockerfile'), DOCKERFILE);
});
afterEach(() => rm(work, { recursive: true, force: true }));

describe('containment fix', () => {
  it('prints a unified diff that git apply takes, labels what changes behaviour, and writes nothing', async () => {
    const run = await runCli(['fix', '.'], { cwd: work });
    expect(run.stdout).toMatch(/^--- a\/compose\.yaml\n\+\+\+ b\/compose\.yaml\n@@ /m);
    expect(run.stdout).toContain('+    restart: "on-failure:5"');
    expect(run.stdout).toContain('-    ports: ["8080:80"]\n');
    expect(run.stdout).toContain('+    ports: ["127.0.0.1:8080:80"]\n');
    expect(run.stdout).toContain('+RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*');
    expect(run.stdout).toContain('+COPY app.py /app/');
    expect(run.stdout).toContain('+CMD ["python3", "/app/app.py"]');
    expect(run.stderr).toMatch(/container-port-all-interfaces {2}\[CHANGES BEHAVIOUR\] .*\n {6}check: /);
    expect(run.stderr).toMatch(/dockerfile-add-instead-of-copy {2}\[safe\]/);
    expect(run.stderr).toMatch(/Nothing was written: add --write/);
    expect(run.stderr).toMatch(/With these fixes, \d+ findings? remain/);
    expect(await readFile(join(work, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
    // The diff is a patch: git applies it as it is.
    await writeFile(join(work, 'fix.patch'), run.stdout);
    execFileSync('git', ['init', '-q'], { cwd: work });
    execFileSync('git', ['apply', '--check', 'fix.patch'], { cwd: work });
  });

  it('writes with --write, keeps comments, and the scan after it no longer finds what was fixed', async () => {
    const before = await runCli(['scan', '.', '-f', 'json'], { cwd: work });
    const run = await runCli(['fix', '.', '--write'], { cwd: work });
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Applied \d+ fixes in 2 files/m);
    const compose = await readFile(join(work, 'compose.yaml'), 'utf8');
    expect(compose).toContain('# the stack\n');
    expect(compose).toContain('image: nginx:1.27 # front\n');
    const after = await runCli(['scan', '.', '-f', 'json'], { cwd: work });
    const ids = (out: string) => (JSON.parse(out) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);
    for (const fixed of ['container-restart-policy', 'container-port-all-interfaces', 'dockerfile-shell-form-cmd', 'dockerfile-add-instead-of-copy', 'command-apt-install-recommends']) {
      expect(ids(before.stdout)).toContain(fixed);
      expect(ids(after.stdout)).not.toContain(fixed);
    }
    expect(run.stderr).toMatch(new RegExp(`After the fixes, ${ids(after.stdout).length} findings? remain`));
  });

  it('fixes only the rules named with --rule', async () => {
    const run = await runCli(['fix', '--rule', 'dockerfile-add-instead-of-copy', '--write'], { cwd: work });
    expect(await readFile(join(work, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
    expect(await readFile(join(work, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE.replace('ADD app.py', 'COPY app.py'));
    expect(run.stderr).toMatch(/^Applied 1 fix in 1 file/m);
  });

  it('refuses an unknown rule and --write with --dry-run', async () => {
    const unknown = await runCli(['fix', '--rule', 'no-such-rule'], { cwd: work });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--rule no-such-rule: no such rule/);
    const both = await runCli(['fix', '--write', '--dry-run'], { cwd: work });
    expect(both.code).toBe(2);
  });

  it('keeps two rules\' insertions at the same point of a RUN, one after the other', async () => {
    await writeFile(join(work, 'Dockerfile'), 'FROM debian:12\nRUN apt-get install curl\n');
    const run = await runCli(['fix', '.', '--write', '--rule', 'command-apt-install-recommends', '--rule', 'command-package-install-not-noninteractive'], { cwd: work });
    expect(await readFile(join(work, 'Dockerfile'), 'utf8')).toMatch(/^RUN apt-get install (-y --no-install-recommends|--no-install-recommends -y) curl$/m);
    expect(run.stderr).not.toMatch(/skipped/);
  });

  it('writes nothing at all when one of the files it would write is a link (checked before any write)', async () => {
    await mkdir(join(work, 'real'));
    await writeFile(join(work, 'real', 'compose.yaml'), COMPOSE);
    await mkdir(join(work, 'linked'));
    await symlink(join('..', 'real', 'compose.yaml'), join(work, 'linked', 'compose.yaml'));
    const run = await runCli(['fix', '.', '--write'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Refusing to write linked\/compose\.yaml: it is not a regular file\. Nothing was written\./);
    expect(await readFile(join(work, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
    expect(await readFile(join(work, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE);
  });

  it('writes nothing at all, and says which file, when writing one of them fails after others were written', async () => {
    // The last of three files cannot be written: its temporary name is taken by a folder. Files are
    // written in path order (Dockerfile, compose.yaml, z/Dockerfile), so two were written first.
    await mkdir(join(work, 'z'));
    await writeFile(join(work, 'z', 'Dockerfile'), DOCKERFILE);
    await mkdir(join(work, 'z', `.Dockerfile.containment-fix-${process.pid}`));
    // The order the files are written in is the diff's.
    const diff = await runCli(['fix', '.'], { cwd: work });
    expect([...diff.stdout.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((match) => match[1])).toEqual(['Dockerfile', 'compose.yaml', 'z/Dockerfile']);
    const run = await runCli(['fix', '.', '--write'], { cwd: work });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`containment: Could not write z/Dockerfile: .Dockerfile.containment-fix-${process.pid} is in the way beside it. Nothing was written.\n`);
    expect(await readFile(join(work, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
    expect(await readFile(join(work, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE);
    expect(await readFile(join(work, 'z', 'Dockerfile'), 'utf8')).toBe(DOCKERFILE);
    // The temporary files of the first two are gone; the folder in the way is not ours to remove.
    expect((await readdir(work)).filter((name) => name.includes('containment-fix'))).toEqual([]);
    expect((await readdir(join(work, 'z'))).sort()).toEqual([`.Dockerfile.containment-fix-${process.pid}`, 'Dockerfile']);
  });
});
