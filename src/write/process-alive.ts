/**
 * Whether a process of this machine still runs: what tells a killed writer's scratch files, set-aside
 * folders and locks (stale) from a live one's. EPERM means it runs under another user.
 */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
