#!/usr/bin/env node

// src/commands/run-in-worker.ts
import { lstatSync, mkdirSync, realpathSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { SHARE_ENV, Worker } from "node:worker_threads";

// src/core/system-reason.ts
function systemReason(error) {
  const code = error.code;
  const reasons = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is a file, not a folder",
    // mkdir -p meets a file where a folder should be.
    EEXIST: "a part of the path is a file, not a folder",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    ELOOP: "too many symbolic links",
    // Node's permission model (`node --permission` without `--allow-fs-write` for the path).
    ERR_ACCESS_DENIED: "Node's permission model refused it"
  };
  return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}

// src/commands/run-in-worker.ts
var SCAN_YOUNG_GENERATION_MB = 48;
var SCAN_SEMI_SPACE_FLAG = `--min-semi-space-size=${SCAN_YOUNG_GENERATION_MB / 3}`;
async function runInWorker(entry, options) {
  const fail = (why) => {
    if (options.annotate) process.stdout.write(errorAnnotation(options.name, why));
    process.stderr.write(`${options.name}: ${why}
`);
    process.exitCode = 2;
  };
  const cache = options.compileCache === void 0 ? "" : `require('node:module').enableCompileCache?.(${JSON.stringify(options.compileCache)});`;
  const facts = { stdoutIsTTY: process.stdout.isTTY === true, stderrIsTTY: process.stderr.isTTY === true };
  let worker;
  try {
    setFlagsFromString(SCAN_SEMI_SPACE_FLAG);
    worker = new Worker(`${cache}import(${JSON.stringify(entry.href)});`, {
      eval: true,
      argv: process.argv.slice(2),
      env: SHARE_ENV,
      workerData: facts,
      resourceLimits: { maxYoungGenerationSizeMb: SCAN_YOUNG_GENERATION_MB },
      stdout: true,
      stderr: true
    });
  } catch (error) {
    if (error.code !== "ERR_ACCESS_DENIED") throw error;
    let broken = false;
    watchOutput(process.stdout, () => {
      broken = true;
    });
    process.on("exit", () => {
      if (broken) process.exitCode = 2;
    });
    await import(entry.href);
    return;
  }
  relay(worker.stdout, process.stdout, fail);
  relay(worker.stderr, process.stderr, fail);
  worker.on("error", (error) => {
    fail(
      error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "out of memory; give Node more with NODE_OPTIONS=--max-old-space-size=<MiB> (the default depends on the machine), or scan fewer files at once" : `unexpected error; please report it at https://github.com/containment-dev/containment/issues
${error.stack ?? String(error)}`
    );
  });
  worker.on("exit", (code) => {
    if (process.exitCode === void 0) process.exitCode = code;
  });
}
function errorAnnotation(name, why) {
  const line = why.split("\n")[0].replace(/%/g, "%25").replace(/\r/g, "%0D");
  return `::error title=${name}::${line}
`;
}
function relay(from, to, fail) {
  from.pipe(to);
  watchOutput(to, fail, () => {
    from.unpipe(to);
    from.resume();
  });
}
function watchOutput(stream, fail, drop) {
  let failed = false;
  stream.on("error", (error) => {
    drop?.();
    if (error.code === "EPIPE" || failed) return;
    failed = true;
    if (stream === process.stderr) process.exitCode = 2;
    else fail(`Could not write standard output: ${systemReason(error)}; the report is incomplete.`);
  });
}
function compileCacheFolder(env = process.env) {
  if (env["NODE_DISABLE_COMPILE_CACHE"] || process.getuid === void 0) return void 0;
  if (env["NODE_COMPILE_CACHE"]) return env["NODE_COMPILE_CACHE"];
  const base = env["XDG_CACHE_HOME"] || (env["HOME"] ? join(env["HOME"], ".cache") : void 0);
  if (!base || !isAbsolute(base)) return void 0;
  const folder = join(base, "containment", "node-compile-cache");
  try {
    mkdirSync(folder, { recursive: true, mode: 448 });
    const info = lstatSync(folder);
    return info.isDirectory() && info.uid === process.getuid() && (info.mode & 18) === 0 ? folder : void 0;
  } catch {
    return void 0;
  }
}
function besideLauncher(launcher, file) {
  return new URL(file, pathToFileURL(realpathSync(fileURLToPath(launcher))));
}

// src/cli.ts
await runInWorker(besideLauncher(import.meta.url, "./cli-run.js"), { name: "containment", compileCache: compileCacheFolder() });
