import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A git repository in a folder, for tests that need real history (a base and a head commit). */
export interface GitRepo {
  /** Runs git in the repository (with a test identity) and returns its trimmed output. */
  git(...args: string[]): string;
  /** Writes the files (null deletes one; `{ link }` makes a symlink), stages everything and commits; returns the commit's SHA. */
  commit(message: string, files: Record<string, string | null | { link: string }>, options?: { force?: string[] }): string;
}

/** Initializes a repository on `main` in `root` (an existing, empty folder). */
export function gitRepo(root: string): GitRepo {
  const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  return {
    git,
    commit(message, files, options = {}) {
      for (const [path, text] of Object.entries(files)) {
        if (text === null) rmSync(join(root, path), { force: true });
        else {
          mkdirSync(dirname(join(root, path)), { recursive: true });
          if (typeof text === 'string') writeFileSync(join(root, path), text);
          else symlinkSync(text.link, join(root, path));
        }
      }
      git('add', '-A');
      for (const path of options.force ?? []) git('add', '-f', '--', path);
      git('commit', '-qm', message, '--allow-empty');
      return git('rev-parse', 'HEAD');
    },
  };
}
