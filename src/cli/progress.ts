import type { CliIo } from './io.js';

/**
 * A one-line progress bar for a terminal: `[#######.......] 37/100 organisations, 1 failed, about 12 s
 * left`. The estimate is the mean time per finished item so far times those left; none before the
 * first one is done.
 */
export function progressBar(done: number, total: number, failedCount: number, elapsedMilliseconds?: number, width = 28, noun = 'organisations'): string {
  const filled = Math.round((Math.min(done, total) / Math.max(1, total)) * width);
  const eta = elapsedMilliseconds === undefined || done === 0 || done >= total ? '' : `, about ${duration((elapsedMilliseconds / done) * (total - done))} left`;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${noun}${failedCount > 0 ? `, ${failedCount} failed` : ''}${eta}`;
}

/**
 * Whether a command shows a progress bar: only for a person at a terminal that can redraw a line,
 * so never under --quiet or --json, never when stderr is a file, a pipe or a CI log, and never on a
 * `TERM=dumb` terminal.
 */
export function showsProgress(io: Pick<CliIo, 'stderr' | 'env' | 'quiet'>, json: boolean | undefined): boolean {
  return io.stderr.isTTY === true && io.quiet !== true && json !== true && io.env.TERM !== 'dumb';
}

/** A progress bar redrawn in place on stderr; silent where `showsProgress` says no. */
export interface ProgressLine {
  /** Redraws the bar; `done` 0 (re)starts the clock the estimate counts from. */
  update(done: number, total: number, failed?: number): void;
  /** Clears the bar, so that what follows starts on a clean line. */
  clear(): void;
}

/**
 * The bar of a batch (organisations) and of a single build (documents), one code for both. The clock
 * starts when the line is made, or at an update with nothing done yet, so that a build's loading and
 * checking are not counted as time per document.
 */
export function progressLine(io: Pick<CliIo, 'stderr' | 'env' | 'quiet'>, options: { readonly json?: boolean | undefined; readonly noun: string }, now: () => number = () => performance.now()): ProgressLine {
  const shown = showsProgress(io, options.json);
  let started = now();
  let drawn = false;
  return {
    update(done, total, failed = 0) {
      if (!shown) return;
      if (done === 0) started = now();
      io.stderr.write(`\r\u001b[2K${progressBar(done, total, failed, now() - started, 28, options.noun)}`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr.write('\r\u001b[2K');
      drawn = false;
    },
  };
}

function duration(milliseconds: number): string {
  const total = Math.ceil(milliseconds / 1000);
  return total < 60 ? `${total} s` : `${Math.floor(total / 60)} min ${total % 60} s`;
}
