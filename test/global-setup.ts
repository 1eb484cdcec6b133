import { execFileSync } from 'node:child_process';

/**
 * Builds dist/ once before any test runs, so the end-to-end tests judge the bundle the current
 * sources make (CI separately checks that the committed dist/ is that same bundle).
 */
export default function setup(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: new URL('..', import.meta.url).pathname, stdio: 'inherit' });
}
