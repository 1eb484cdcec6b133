import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { isMainThread, resourceLimits } from 'node:worker_threads';
import type { Finding } from '../core/finding.js';
import type { DocumentKind, SourceDocument } from '../core/source-document.js';
import { byPlace, type CompiledRule, evaluate } from '../evaluate/evaluate.js';
import { runtimeCompileCount } from '../policy/ajv-factory.js';

/**
 * Opt-in timings for the benchmark (bench/run.mjs): with `CONTAINMENT_PROFILE=1` the process
 * prints, when it exits, one line to stderr, `containment-profile {json}`, with the time of each
 * stage of the scan and, per kind of file, the count and the time spent parsing and judging; then
 * the thread that ran the scan, its heap limits, and the process's peak RSS. Times are from the
 * start of that thread.
 * Without the variable every helper here runs its function and nothing else.
 */
export const PROFILING = process.env['CONTAINMENT_PROFILE'] === '1';

interface KindTimes {
  files: number;
  parseMs: number;
  evaluateMs: number;
}

/** Milliseconds since the process started, when this module (so the bundle) had loaded. */
const loadedAt = performance.now();
/**
 * The young generation's semi-space when the bundle had loaded, in MiB (V8's `new_space` size):
 * its full size in the scanning thread (`SCAN_SEMI_SPACE_FLAG`, src/commands/run-in-worker.ts).
 */
const semiSpaceMbAtLoad = PROFILING ? (getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0) / (1024 * 1024) : 0;
const stages: Record<string, number> = {};
const kinds: Partial<Record<DocumentKind, KindTimes>> = {};

if (PROFILING) {
  process.on('exit', () => {
    const round = (ms: number) => Math.round(ms * 100) / 100;
    const report = {
      totalMs: round(performance.now()),
      loadMs: round(loadedAt),
      stages: Object.fromEntries(Object.entries(stages).map(([name, ms]) => [name, round(ms)])),
      kinds: Object.fromEntries(
        Object.entries(kinds).map(([kind, t]) => [kind, { files: t.files, parseMs: round(t.parseMs), evaluateMs: round(t.evaluateMs) }]),
      ),
      schemasCompiledAtRunTime: runtimeCompileCount(),
      // The thread that scanned, its young generation's limit (src/commands/run-in-worker.ts; none
      // on the main thread) and its whole heap's, which NODE_OPTIONS=--max-old-space-size moves.
      thread: isMainThread ? 'main' : 'worker',
      youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb ?? null,
      semiSpaceMbAtLoad,
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / (1024 * 1024)),
      maxRssKb: process.resourceUsage().maxRSS,
    };
    process.stderr.write(`containment-profile ${JSON.stringify(report)}\n`);
  });
}

const kindTimes = (kind: DocumentKind): KindTimes => (kinds[kind] ??= { files: 0, parseMs: 0, evaluateMs: 0 });

/** Runs one stage of the scan, adding its wall time to the stage's total. */
export function stage<T>(name: string, run: () => T): T {
  if (!PROFILING) return run();
  const start = performance.now();
  const result = run();
  if (result instanceof Promise) {
    return result.finally(() => {
      stages[name] = (stages[name] ?? 0) + performance.now() - start;
    }) as T;
  }
  stages[name] = (stages[name] ?? 0) + performance.now() - start;
  return result;
}

/** Parses one file (synchronously), adding the time to its kind's total when profiling. */
export function parseTimed(kind: DocumentKind, parse: () => SourceDocument): SourceDocument {
  if (!PROFILING) return parse();
  const start = performance.now();
  const document = parse();
  const times = kindTimes(kind);
  times.files++;
  times.parseMs += performance.now() - start;
  return document;
}

/**
 * `evaluate`, timed per kind of file when profiling: the documents of each kind are judged
 * separately and the findings merged into the one order `evaluate` returns.
 */
export function evaluateTimed(documents: SourceDocument[], rules: CompiledRule[]): Finding[] {
  if (!PROFILING) return evaluate(documents, rules);
  const groups = new Map<DocumentKind, SourceDocument[]>();
  for (const document of documents) {
    const group = groups.get(document.kind);
    if (group) group.push(document);
    else groups.set(document.kind, [document]);
  }
  const findings: Finding[] = [];
  for (const [kind, group] of groups) {
    const start = performance.now();
    // Not `push(...)`: 200,000 findings as arguments overflow the stack (measured, 20,000 files).
    for (const finding of evaluate(group, rules)) findings.push(finding);
    kindTimes(kind).evaluateMs += performance.now() - start;
  }
  return findings.sort(byPlace);
}
