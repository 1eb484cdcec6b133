/** Where the progress line goes: standard error, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** `read` of `total` files have been read; called as reading goes. */
  update(read: number, total: number): void;
  /** Erases the line, if one was drawn, before the report or the verdict is written. */
  finish(): void;
}

/** Quiet for this long: a quick scan draws nothing. */
const DELAY_MS = 1000;
/** At most this often: redrawing on every file would cost more than it tells. */
const INTERVAL_MS = 100;

/**
 * A one-line "Scanning: 1,200 of 10,000 files read" on standard error, redrawn in place, for a
 * person watching a long scan in a terminal. Never in a pipe, a file or a CI log (the stream is
 * not a terminal, or `CI` is set, as GitHub Actions and most CI services set it): there the
 * carriage returns would only add noise. `now` is injected so that tests need no clock.
 */
export function progressLine(stream: ProgressStream, options: { env?: NodeJS.ProcessEnv; now?: () => number } = {}): ProgressLine {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const enabled = stream.isTTY === true && (env.CI ?? '') === '';
  const started = now();
  let drawn = 0;
  let drawnAt = -Infinity;
  return {
    update(read, total) {
      if (!enabled) return;
      const at = now();
      if (at - started < DELAY_MS || (at - drawnAt < INTERVAL_MS && read < total)) return;
      const files = total === 1 ? '1 file' : `${total.toLocaleString('en-US')} files`;
      const text = read < total ? `Scanning: ${read.toLocaleString('en-US')} of ${files} read` : `Scanning: ${files} read; judging them`;
      stream.write(`\r\x1b[2K${text}`);
      drawn++;
      drawnAt = at;
    },
    finish() {
      if (drawn > 0) stream.write('\r\x1b[2K');
    },
  };
}
