// Builds a real corpus for `npm run bench -- --corpus DIR` from git snapshots of public
// repositories (none of their files is committed here; see bench/README.md for the list).
//
//   node bench/corpus.mjs --out DIR [--copies N] GITDIR...
//
// Every file Containment judges (Compose files, Dockerfiles, workflows, action.yml), and every
// YAML and `.env` file a Compose file may read, is taken from each repository's HEAD into DIR/<owner>-<name>/…, laid out as one repository: each repository's
// workflows go to DIR/.github/workflows/<owner>-<name>--<file>, so the CLI reads all of them, and
// the workflow templates of actions/starter-workflows (ci/, deployments/, code-scanning/, …) are
// treated as workflows. With `--copies N`, DIR holds N copies (copy-1/…, workflows renamed), for
// measuring how time and memory grow with size.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const JUDGED = /(^|\/)(compose[^/]*|docker-compose[^/]*)\.ya?ml$|(^|\/)(Dockerfile|Containerfile)[^/]*$|\.[Dd]ockerfile$|(^|\/)action\.ya?ml$/;
const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const TEMPLATE = /^(ci|deployments|code-scanning|automation|pages)\/[^/]+\.ya?ml$/;
// Files a Compose file may read (`.env`, `env_file:`, `include:`, `extends.file`), copied beside it
// so the corpus reads as its repository does.
const REFERENCED = /(^|\/)\.env[^/]*$|\.env$|\.ya?ml$/;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const [value] = args.splice(at, 2).slice(1);
  return value;
};
const out = option('out', undefined);
const copies = Number(option('copies', '1'));
if (!out || args.length === 0 || !(copies >= 1)) {
  process.stderr.write('usage: node bench/corpus.mjs --out DIR [--copies N] GITDIR...\n');
  process.exitCode = 2;
} else {
  build();
}


function build() {
  rmSync(out, { recursive: true, force: true });
  const files = [];
  for (const gitDir of args) {
    const git = existsSync(join(gitDir, '.git')) ? join(gitDir, '.git') : gitDir;
    // A snapshot's folder is named owner+name (…/owner+name/repo); in the corpus, owner-name.
    const name = (gitDir.split('/').find((segment) => segment.includes('+')) ?? basename(gitDir)).replace('+', '-');
    const listed = execFileSync('git', ['--git-dir', git, 'ls-tree', '-r', '-z', '--name-only', 'HEAD'], { maxBuffer: 256 * 1024 * 1024 })
      .toString()
      .split('\0')
      .filter(Boolean);
    const starter = name.endsWith('starter-workflows');
    for (const path of listed) {
      const workflow = WORKFLOW.test(path) || (starter && TEMPLATE.test(path));
      if (!workflow && !JUDGED.test(path) && !REFERENCED.test(path)) continue;
      const text = execFileSync('git', ['--git-dir', git, 'show', `HEAD:${path}`], { maxBuffer: 64 * 1024 * 1024 });
      files.push({ target: workflow ? `.github/workflows/${name}--${path.replaceAll('/', '-')}` : `${name}/${path}`, text });
    }
  }
  for (let copy = 1; copy <= copies; copy++) {
    for (const { target, text } of files) {
      const path =
        copies === 1 ? target : target.startsWith('.github/') ? target.replace('.github/workflows/', `.github/workflows/copy${copy}-`) : `copy-${copy}/${target}`;
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), text);
    }
  }
  process.stdout.write(`${files.length * copies} files in ${out} (${files.length} per copy, ${copies} ${copies === 1 ? 'copy' : 'copies'})\n`);
}
