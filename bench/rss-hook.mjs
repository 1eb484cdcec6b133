// Preloaded (`node --import bench/rss-hook.mjs …`) when GNU time is not installed: reports the
// process's own peak resident set size on exit, in the format bench/run.mjs reads.
process.on('exit', () => {
  process.stderr.write(`containment-bench-rss ${process.resourceUsage().maxRSS}\n`);
});
