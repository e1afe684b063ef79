/**
 * Download progress on stderr: on a TTY one line rewritten in place (bytes / total, percent, rate);
 * otherwise only a final line per file (logs stay short); nothing with `--quiet`.
 */
import type { ProgressMode } from '../progress.js';

export interface ByteProgress {
  /** A download starts: `already` bytes are there (a resumed `.part`), `total` expected (if known). */
  start(label: string, total: number | undefined, already: number): void;
  /** `done` bytes of the file are there now. */
  update(done: number): void;
  /** The download ended (successfully or not) with `summary` (printed as the final line). */
  finish(summary: string): void;
  /** A line of information (skipped files, restarts). */
  log(line: string): void;
}

/** "1.5 MB", "117.9 MB", "812 B": decimal units, as download sizes are usually given. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export function createByteProgress(
  mode: ProgressMode,
  stream: NodeJS.WriteStream = process.stderr,
): ByteProgress {
  if (mode === 'silent') return { start() {}, update() {}, finish() {}, log() {} };
  const line = (s: string) => stream.write(`${s}\n`);
  if (mode === 'plain') return { start() {}, update() {}, finish: line, log: line };
  let label = '';
  let total: number | undefined;
  let startedAt = 0;
  let startBytes = 0;
  let lastDraw = 0;
  let drawn = false;
  const draw = (done: number) => {
    const seconds = (Date.now() - startedAt) / 1000;
    const rate = seconds > 0 ? (done - startBytes) / seconds : 0;
    const of = total ? ` / ${formatBytes(total)} (${((100 * done) / total).toFixed(0)}%)` : '';
    stream.write(`\r\x1b[K${label}: ${formatBytes(done)}${of}, ${formatBytes(Math.round(rate))}/s`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  return {
    start(l, t, already) {
      label = l;
      total = t;
      startedAt = Date.now();
      startBytes = already;
      lastDraw = 0;
      draw(already);
    },
    update(done) {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(done);
    },
    finish(summary) {
      clear();
      line(summary);
    },
    log(s) {
      clear();
      line(s);
    },
  };
}
