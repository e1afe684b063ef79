/**
 * Progress of long commands: a live multi-bar display on a TTY (cli-progress: one bar per running
 * run with its epochs over all its candidates, the candidate being trained (when a row has
 * several: its number, its settings with κ, and its own epoch), the training loss per pair
 * (NLL + κ·KL/N, the negative ELBO at κ = 1; NLL + L2 penalty for the plain RNN), validation F1
 * and ETA), plain one-line updates otherwise, nothing with `--quiet` or `--json`.
 */
import cliProgress from 'cli-progress';

export interface ProgressSink {
  /** A run starts: `total` is its most epochs, over all its candidates. */
  start(id: string, label: string, total: number): void;
  /**
   * Epoch `done` of the run, counted over all its candidates (a candidate that stops early counts
   * as run to its end); `candidate` names the one being trained when a row has several.
   */
  update(id: string, done: number, fields: { loss?: number; valF1?: number; candidate?: string }): void;
  finish(id: string, summary: string): void;
  log(line: string): void;
  stop(): void;
}

export type ProgressMode = 'tty' | 'plain' | 'silent';

export function progressMode(
  options: { quiet?: boolean; json?: boolean },
  stream = process.stderr,
): ProgressMode {
  if (options.quiet || options.json) return 'silent';
  return stream.isTTY ? 'tty' : 'plain';
}

/** Where a run is among its candidates: the candidate's number (from 1) and its own epoch. */
interface CandidateState {
  name: string;
  index: number;
  /** The run's epoch count just before this candidate's first epoch. */
  before: number;
}

/**
 * Follows the candidates of each run from its updates: a new candidate name starts the next
 * candidate, whose epochs count from 1 again (the run's counter goes on over all of them).
 */
function candidateTracker() {
  const state = new Map<string, CandidateState>();
  return (id: string, done: number, name: string | undefined): CandidateState | undefined => {
    if (name === undefined) return undefined;
    const s = state.get(id);
    if (s?.name === name) return s;
    const next = { name, index: (s?.index ?? 0) + 1, before: done - 1 };
    state.set(id, next);
    return next;
  };
}

/** `candidate 2 (rnn/last n=8 lr=0.01 κ=0.3) epoch 3`: the candidate and its own epoch. */
function candidateText(c: CandidateState, done: number): string {
  return `candidate ${c.index} (${c.name}) epoch ${done - c.before}`;
}

export function createProgress(mode: ProgressMode, stream = process.stderr): ProgressSink {
  if (mode === 'silent') {
    return { start() {}, update() {}, finish() {}, log() {}, stop() {} };
  }
  const candidateOf = candidateTracker();
  if (mode === 'plain') {
    const labels = new Map<string, string>();
    const totals = new Map<string, number>();
    const write = (s: string) => stream.write(`${s}\n`);
    return {
      start(id, label, total) {
        labels.set(id, label);
        totals.set(id, total);
        write(`[start] ${label}`);
      },
      update(id, done, f) {
        const c = candidateOf(id, done, f.candidate);
        const total = totals.get(id);
        const of = total === undefined ? `${done}` : `${done}/${total}`;
        // One candidate: the run's epoch; several: the candidate's own epoch, then the run's.
        const where = c === undefined ? `epoch ${of}` : `${candidateText(c, done)} · ${of} epochs in all`;
        const extra = [
          f.loss !== undefined ? `loss/pair ${f.loss.toFixed(4)}` : '',
          f.valF1 !== undefined ? `val F1 ${f.valF1.toFixed(3)}` : '',
        ]
          .filter(Boolean)
          .join(', ');
        write(`[${labels.get(id) ?? id}] ${where}${extra ? `: ${extra}` : ''}`);
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
      format:
        ' {label} |{bar}| {value}/{total} epochs{candidate} | loss {loss} | val F1 {valF1} | ETA {eta_formatted}',
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
        multi.create(total, 0, {
          label: label.padEnd(30).slice(0, 30),
          candidate: '',
          loss: '-',
          valF1: '-',
        }),
      );
    },
    update(id, done, f) {
      const c = candidateOf(id, done, f.candidate);
      bars.get(id)?.update(done, {
        candidate: c === undefined ? '' : ` in all | ${candidateText(c, done)}`,
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
