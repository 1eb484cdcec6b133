#!/usr/bin/env node

// src/commands/run-in-worker.ts
import { SHARE_ENV, Worker } from "node:worker_threads";
var SCAN_YOUNG_GENERATION_MB = 48;
function runInWorker(entry, options) {
  const cache = options.compileCache ? "require('node:module').enableCompileCache?.();" : "";
  const facts = { stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true };
  const worker = new Worker(`${cache}import(${JSON.stringify(entry.href)});`, {
    eval: true,
    argv: process.argv.slice(2),
    env: SHARE_ENV,
    workerData: facts,
    resourceLimits: { maxYoungGenerationSizeMb: SCAN_YOUNG_GENERATION_MB },
    stdout: true,
    stderr: true
  });
  relay(worker.stdout, process.stdout);
  relay(worker.stderr, process.stderr);
  worker.on("error", (error) => {
    const why = error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "out of memory; give Node more with NODE_OPTIONS=--max-old-space-size=<MiB> (the default depends on the machine), or scan fewer files at once" : `unexpected error; please report it at https://github.com/containment-dev/containment/issues
${error.stack ?? String(error)}`;
    process.stderr.write(`${options.name}: ${why}
`);
    process.exitCode = 2;
  });
  worker.on("exit", (code) => {
    if (process.exitCode === void 0) process.exitCode = code;
  });
}
function relay(from, to) {
  from.pipe(to);
  to.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    from.unpipe(to);
    from.resume();
  });
}

// src/cli.ts
runInWorker(new URL("./cli-run.js", import.meta.url), { compileCache: true, name: "containment" });
