/** Progress of a cluster scan: kinds listed and objects read so far. */
export interface Progress {
  start(kinds: number): void;
  page(objects: number): void;
  kindDone(): void;
  finish(): void;
}

export const NO_PROGRESS: Progress = { start() {}, page() {}, kindDone() {}, finish() {} };

/**
 * A one-line bar redrawn in place on a terminal's standard error (never on standard output,
 * which may carry the report). Redraws are throttled: a page of 500 objects arrives every few
 * milliseconds on a fast cluster.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  let total = 0;
  let done = 0;
  let objects = 0;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    const width = 24;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    stream.write(`\r\u001b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} kinds, ${objects.toLocaleString('en-US')} objects`);
  };
  return {
    start(kinds) {
      total = kinds;
      draw(true);
    },
    page(count) {
      objects += count;
      draw(false);
    },
    kindDone() {
      done++;
      draw(false);
    },
    finish() {
      draw(true);
      stream.write('\n');
    },
  };
}
