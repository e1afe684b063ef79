/**
 * Progress of long commands: a live multi-bar display on a TTY (cli-progress: one bar per running
 * run with epochs, the candidate being trained (when a row has several), the training loss per pair
 * (NLL + κ·KL/N, the negative ELBO at κ = 1), validation F1 and ETA), plain one-line updates
 * otherwise, nothing with `--quiet` or `--json`.
 */
import cliProgress from 'cli-progress';

export interface ProgressSink {
  start(id: string, label: string, total: number): void;
  update(id: string, done: number, fields: { loss?: number; valF1?: number; candidate?: string }): void;
  finish(id: string, summary: string): void;
  log(line: string): void;
  stop(): void;
}

export type ProgressMode = 'tty' | 'plain' | 'silent';

export function progressMode(options: { quiet?: boolean; json?: boolean }, stream = process.stderr): ProgressMode {
  if (options.quiet || options.json) return 'silent';
  return stream.isTTY ? 'tty' : 'plain';
}

export function createProgress(mode: ProgressMode, stream = process.stderr): ProgressSink {
  if (mode === 'silent') {
    return { start() {}, update() {}, finish() {}, log() {}, stop() {} };
  }
  if (mode === 'plain') {
    const labels = new Map<string, string>();
    const write = (s: string) => stream.write(`${s}\n`);
    return {
      start(id, label) {
        labels.set(id, label);
        write(`[start] ${label}`);
      },
      update(id, done, f) {
        const extra = [
          f.candidate ?? '',
          f.loss !== undefined ? `loss/pair ${f.loss.toFixed(4)}` : '',
          f.valF1 !== undefined ? `val F1 ${f.valF1.toFixed(3)}` : '',
        ]
          .filter(Boolean)
          .join(', ');
        write(`[${labels.get(id) ?? id}] epoch ${done}${extra ? `: ${extra}` : ''}`);
      },
      finish(id, summary) {
        write(`[done]  ${labels.get(id) ?? id}: ${summary}`);
      },
      log: write,
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      format: ' {label} |{bar}| {value}/{total} epochs | {candidate} | loss {loss} | val F1 {valF1} | ETA {eta_formatted}',
      barsize: 20,
      etaBuffer: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    start(id, label, total) {
      bars.set(
        id,
        multi.create(total, 0, { label: label.padEnd(30).slice(0, 30), candidate: '', loss: '-', valF1: '-' }),
      );
    },
    update(id, done, f) {
      bars.get(id)?.update(done, {
        candidate: f.candidate ?? '',
        loss: f.loss?.toFixed(4) ?? '-',
        valF1: f.valF1?.toFixed(3) ?? '-',
      });
    },
    finish(id) {
      const bar = bars.get(id);
      if (bar) bar.update(bar.getTotal());
    },
    log(line) {
      multi.log(`${line}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}
