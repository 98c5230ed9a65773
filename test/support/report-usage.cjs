// Preloaded with `node -r` by tests that bound a child's cost: at exit, writes its peak resident set (KiB)
// and the CPU time it used (ms), which unlike the wall clock does not grow with the machine's load.
process.on('exit', () => {
  const usage = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.POLICYMARK_RSS_FILE, `${usage.maxRSS} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}`);
});
