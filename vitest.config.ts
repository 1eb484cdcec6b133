import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs everything a maintainer needs on every change: on this 2-core machine, quiet,
 * 32–39 s and 47–49 CPU-seconds alone, and 46–61 s (43–58 CPU-seconds) each for two runs side by
 * side (nine rounds; the bar of issue #13 is 90 s; it was 130 s);
 * `npm run test:slow` (`--mode slow`) runs the external validators under test/slow/ (Microsoft's
 * SARIF Multitool, a .NET program that takes seconds to start), which CI runs once.
 *
 * Most of the end-to-end tests run the CLI's command runner and the Action's run() in the worker
 * (test/support/run-cli.ts, test/e2e/run-action.ts) rather than spawning the bundles: a spawned
 * run costs about 0.2 CPU-s, nearly all of it loading a 3–4 MB bundle, and 184 of them were 40 of
 * the suite's 100 CPU-seconds. A few tests still spawn dist/ for what only a process shows.
 */
export default defineConfig(({ mode }) => ({
  test: {
    include: mode === 'slow' ? ['test/slow/**/*.test.ts'] : ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: mode === 'slow' ? [] : ['test/slow/**', '**/node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    // Child processes, not threads: the tests and the code they run start git (and a few
    // bundles) hundreds of times, and each start forks the worker's whole process. Forking one
    // small worker instead of the vitest process with every thread in it: measured with two runs
    // side by side, 60 → 49 CPU-seconds per run (system time 20 → 13 s).
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, so
    // the end-to-end tests' waits (child processes, stand-in servers) left the other core idle.
    // Two workers: measured 85.7 s → about 75 s for the whole suite on this 2-core machine.
    maxWorkers: 2,
    // Test files share their worker's modules instead of importing everything afresh: the caches
    // are process-wide by design (one Ajv, schemas compiled once, packs loaded once), and
    // rebuilding them per file (the Compose Specification schema alone takes about a second to
    // compile) dominated: test/{documents,subjects,policy,select,report} took 30.7 s isolated and
    // 9.1 s shared. No module keeps state a test could leak: env changes are restored, nothing
    // is mocked.
    isolate: false,
    // Generous limits instead of timed assertions: a hang fails the test, a busy machine does not.
    testTimeout: 20000,
    hookTimeout: 120000,
  },
}));
