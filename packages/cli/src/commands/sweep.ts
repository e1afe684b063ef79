/** `vb-cli sweep`: the seed's whole experiment in one command. */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  encoderList,
  nonNegativeInt,
  klWeightList,
  positiveInt,
  positiveIntList,
  positiveNumberList,
  thresholdCount,
} from '../options.js';
import { createProgress, progressMode } from '../progress.js';
import { majorityMacroF1 } from '../data/loaded.js';
import { loadSweepData } from '../data/load.js';
import { lockOutput, type OutputLock } from '../sweep/out-lock.js';
import { runPool } from '../sweep/pool.js';
import { writeSweepOutputs } from '../sweep/outputs.js';
import type { SweepResultsFile } from '../sweep/results-file.js';
import {
  clearRuns,
  clearShardRuns,
  fingerprint,
  loadRuns,
  previousResults,
  saveRun,
  type SweepContext,
} from '../sweep/resume.js';
import { FAMILY, isRnnRow, ROWS, type RowName } from '../sweep/rows.js';
import type { RunResult, RunSpec } from '../sweep/run.js';
import { defaultSettings, type SelectBy, type SweepSettings } from '../sweep/settings.js';
import {
  assignShards,
  resolveShard,
  SHARD_PLAN,
  type Shard,
  shardShare,
  sweepSpecs,
} from '../sweep/shard.js';
import { type Encoder, expectedCost, maxEpochsOf } from '../sweep/tune.js';
import { UsageError } from '../usage-error.js';
import { VERSION } from '../version.js';
import { addDataOptions, DATA_EXAMPLES, tableOptionsFrom } from '../data/options.js';
import {
  addPairFeaturesOption,
  addRnnOptions,
  type DataOptions,
  jsonOut,
  type RnnCliOptions,
  rnnSettingsFrom,
} from './shared.js';

export interface SweepCliOptions extends DataOptions, RnnCliOptions {
  out: string;
  seeds: number;
  jobs: number;
  klWeights: number[];
  selectBy: SelectBy;
  tune: 'on' | 'off';
  gridEncoders: Encoder[];
  gridHidden: number[];
  gridLr: number[];
  gridEpochs: number;
  gridPatience: number;
  rows?: string;
  thresholds: number;
  mcSamples: number;
  resume?: boolean;
  force?: boolean;
  takeOverLock?: boolean;
  shard?: string;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export function sweepCommand(): Command {
  const d = defaultSettings();
  const cmd = addDataOptions(new Command('sweep'))
    .description(
      "Reproduce the seed's experiment and go beyond it: train every row of its table (four classic baselines, the plain RNN, the variational RNNs (I, I) and (D, I)) and the priors that sparsify ((D, D) = ARD, (D, G) = one variance per input dimension and hidden unit, sparse variational dropout), sweep the SNR pruning threshold, choose τ on validation, and write results.json, table.md/.csv, curves.csv, the λ-curves and training curves as SVG, and report.html.",
    )
    .option('-o, --out <dir>', 'output folder', 'vb-sweep')
    .option(
      '--seeds <n>',
      'repeat every RNN row with n seeds and report mean ± std (the classic baselines are deterministic: one run)',
      positiveInt,
      d.seeds.length,
    )
    .option('-j, --jobs <n>', 'parallel worker threads', positiveInt, Math.max(1, cpus().length))
    .option('--rows <list>', `comma-separated subset of rows (default all): ${ROWS.join('; ')}`);
  return addRnnOptions(addPairFeaturesOption(cmd), d.rnn, false)
    .option(
      '--kl-weights <list>',
      'KL weights κ for the variational rows: one value, or several to choose per run on validation (see --select-by; 1 = the ELBO)',
      klWeightList,
      d.klWeights,
    )
    .addOption(
      new Option(
        '--select-by <metric>',
        "what picks each row's model among its candidates (κ, and with --tune the grid): validation mean log-likelihood (nll), validation macro-F1, or elbo — the evidence lower bound on the training data alone (variational rows; the plain RNN then uses nll)",
      )
        .choices(['nll', 'macroF1', 'elbo'])
        .default(d.selectBy),
    )
    .addOption(
      new Option(
        '--tune <mode>',
        "on: every RNN row chooses its encoder and optimisation settings from the grid below (× --kl-weights) by --select-by, each candidate with early stopping on validation NLL; off: the fixed settings of --cell, --readout, --hidden, --lr, --epochs, --patience (the seed's by default)",
      )
        .choices(['on', 'off'])
        .default(d.tune),
    )
    .option(
      '--grid-encoders <list>',
      'tuning grid: encoders as cell/readout (cells rnn, gru, lstm; readouts last, mean, max)',
      encoderList,
      d.grid.encoders,
    )
    .option('--grid-hidden <list>', 'tuning grid: hidden sizes', positiveIntList, d.grid.hidden)
    .option('--grid-lr <list>', 'tuning grid: Adam learning rates', positiveNumberList, d.grid.learningRates)
    .option('--grid-epochs <n>', 'tuning: most epochs per candidate', positiveInt, d.grid.epochs)
    .option(
      '--grid-patience <n>',
      'tuning: epochs without a better validation NLL (after the KL warm-up) before a candidate stops',
      positiveInt,
      d.grid.patience,
    )
    .option(
      '--thresholds <n>',
      'points of each pruning sweep (quantiles of λ; at most 10000)',
      thresholdCount,
      d.thresholds,
    )
    .option(
      '--mc-samples <n>',
      'Monte-Carlo predictive samples for the variational models (0 = posterior means)',
      nonNegativeInt,
      d.mcSamples,
    )
    .option('--resume', 'continue an interrupted sweep: reuse the finished runs in --out')
    .option(
      '--shard <i/N>',
      'run only shard i of N (1-based; balanced by expected cost) and write its run files to --out, no tables — join the shards with vb-cli merge. Without it: SLURM_ARRAY_TASK_ID/_COUNT/_MIN, JOB_COMPLETION_INDEX (0-based) with VB_SHARD_COUNT, or VB_SHARD_INDEX (1-based) with VB_SHARD_COUNT; off = the whole sweep whatever the environment',
    )
    .option(
      '--dry-run',
      "print the runs the sweep (or this --shard) would make, with their expected cost and every shard's share, and exit: no data is read, nothing written",
    )
    .option(
      '--take-over-lock',
      "take over the folder's lock (or this shard's) now, even if its owner looks alive: for a scheduler that restarts a killed task at once on another node or in a new container (a lock not refreshed for VB_LOCK_STALE_AFTER seconds, 300 by default, is taken over anyway)",
    )
    .option(
      '--force',
      "replace the results of another sweep in --out (without it, a folder holding a sweep's results is refused)",
    )
    .option('--json', 'print the results (results.json) to stdout instead of the table')
    .option(
      '-q, --quiet',
      'no progress, stage times or file list; the table still prints (--json for JSON only)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ vb-cli sweep                                   # built-in synthetic task, offline, ~25 s
  $ vb-cli sweep --data pit2015:../shared/data/pit2015 --vectors ../shared/data/glove/glove.6B.100d.pit2015.txt
  $ vb-cli sweep --data pit2015:data/pit2015 --vectors wink --seeds 5 --out results/pit
  $ vb-cli sweep --data pit2015:data/pit2015 --vectors glove.txt --protocol official --pair-features overlap
  $ vb-cli sweep --rows "RNN,RNN + variational, D, I" --tune off --epochs 10 --jobs 2
  $ vb-cli sweep --grid-encoders gru/mean,lstm/max --grid-hidden 32,64 --grid-lr 0.01,0.003
  $ vb-cli sweep --tune off --cell gru --readout mean   # one fixed encoder for every row
  $ vb-cli sweep --select-by elbo                   # the seed's formal model selection: training ELBO
  $ vb-cli sweep --out results/pit --resume         # continue after an interruption
  $ vb-cli sweep --shard 1/2 --out s1; vb-cli sweep --shard 2/2 --out s2; vb-cli merge s1 s2 --out all
  $ vb-cli sweep --data pairs.csv --vectors glove.6B.100d.txt   # your own corpus (header sentence1,sentence2,label)
${DATA_EXAMPLES}`,
    )
    .action(async (opts: SweepCliOptions, command: Command) => {
      // With tuning on, the grid decides what the fixed-encoder options would: refuse the mix.
      if (opts.tune === 'on') {
        const fixed = ['cell', 'readout', 'hidden', 'lr', 'epochs', 'patience'].filter(
          (k) => command.getOptionValueSource(k) === 'cli',
        );
        if (fixed.length > 0)
          command.error(
            `error: --${fixed[0]} sets a fixed encoder/optimisation setting, but --tune is on (the grid chooses it); add --tune off, or widen the grid with --grid-encoders/--grid-hidden/--grid-lr/--grid-epochs/--grid-patience`,
            { exitCode: 2, code: 'vb.tuneConflict' },
          );
      }
      await runSweep(opts);
    });
}

function parseRows(spec: string | undefined): RowName[] {
  if (!spec) return ROWS;
  // Row names contain commas ("RNN + variational, D, I"): match known names greedily.
  const rows: RowName[] = [];
  let rest = spec.trim();
  while (rest.length > 0) {
    const hit = [...ROWS]
      .sort((a, b) => b.length - a.length)
      .find((r) => rest.toLowerCase().startsWith(r.toLowerCase()));
    if (!hit) throw new UsageError(`--rows: unknown row at "${rest}"; rows are: ${ROWS.join('; ')}`);
    rows.push(hit);
    rest = rest.slice(hit.length).replace(/^\s*[,;]\s*/, '');
  }
  return rows;
}

export function settingsFrom(opts: SweepCliOptions): SweepSettings {
  const s = defaultSettings();
  s.seeds = Array.from({ length: opts.seeds }, (_, i) => i + 1);
  s.rnn = rnnSettingsFrom(opts, s.rnn);
  s.klWeights = opts.klWeights;
  s.selectBy = opts.selectBy;
  s.tune = opts.tune;
  s.grid = {
    encoders: opts.gridEncoders,
    hidden: opts.gridHidden,
    learningRates: opts.gridLr,
    epochs: opts.gridEpochs,
    patience: opts.gridPatience,
  };
  s.thresholds = opts.thresholds;
  s.mcSamples = opts.mcSamples;
  s.split = opts.split;
  s.splitSeed = opts.splitSeed;
  return s;
}

export async function runSweep(opts: SweepCliOptions): Promise<void> {
  const started = performance.now();
  const out = resolve(opts.out);
  const rows = parseRows(opts.rows);
  const settings = settingsFrom(opts);
  const shard = resolveShard(opts.shard);
  if (opts.dryRun) return printPlan(rows, settings, shard, opts.json === true);
  const progress = createProgress(progressMode(opts));
  // One sweep per folder (or the shards of one sweep), and never silently over another sweep's results.
  const lock = lockOutput(out, {
    onStale: (m) => progress.log(m),
    onLost: (m) => progress.log(`warning: ${m}`),
    shard,
    takeOver: opts.takeOverLock === true,
  });
  try {
    const previous = shard
      ? existsSync(join(out, 'results.json'))
        ? 'results.json'
        : undefined
      : previousResults(out);
    if (previous && !opts.resume && !opts.force) {
      throw new Error(
        `--out ${out} holds another sweep's results (${previous}); use --resume to continue it or --force to replace it`,
      );
    }
    await sweepInto(out, opts, rows, settings, progress, started, shard, lock);
  } finally {
    lock.release();
  }
}

/** Every run of the sweep, the runs of this process (its shard's, or all), and their expected cost. */
function sweepPlan(rows: RowName[], settings: SweepSettings, shard: Shard | undefined) {
  const all = sweepSpecs(rows, settings.seeds);
  const cost = (s: RunSpec) => expectedCost(s.row, settings);
  return { all, specs: shard ? shardShare(all, cost, shard) : all, cost };
}

/**
 * `--dry-run`: the runs the sweep (or this shard) would make, longest first as the workers take
 * them, with their expected cost in tanh-RNN epochs — and, for a shard, every shard's share of
 * the expected work. Nothing is read or written.
 */
function printPlan(rows: RowName[], settings: SweepSettings, shard: Shard | undefined, json: boolean): void {
  const { all, specs, cost } = sweepPlan(rows, settings, shard);
  // Every shard's expected work, from one assignment of all the runs.
  let shares: number[] | undefined;
  if (shard) {
    const load = new Array<number>(shard.count).fill(0);
    const to = assignShards(all, cost, shard.count);
    all.forEach((s, i) => {
      const k = (to[i] as number) - 1;
      load[k] = (load[k] as number) + cost(s);
    });
    shares = load;
  }
  const mine = specs.slice().sort((a, b) => cost(b) - cost(a));
  const total = mine.reduce((a, s) => a + cost(s), 0);
  if (json) {
    jsonOut({
      shard: shard ? { index: shard.index, count: shard.count, plan: SHARD_PLAN, shares } : null,
      runs: mine.map((s) => ({ id: s.id, row: s.row, seed: s.seed, expectedCost: cost(s) })),
      expectedCost: total,
    });
    return;
  }
  const lines = [
    `${shard ? `shard ${shard.index}/${shard.count} (from ${shard.source}, plan ${SHARD_PLAN})` : 'the sweep'}: ${mine.length} of ${all.length} runs, expected cost ${total.toFixed(0)} tanh-RNN epochs${shard ? ` (every shard: ${(shares as number[]).map((x) => x.toFixed(0)).join(' / ')})` : ''}`,
    '',
    '| run | row | seed | expected cost |',
    '| --- | --- | ---: | ---: |',
    ...mine.map((s) => `| ${s.id} | ${s.row} | ${s.seed} | ${cost(s).toFixed(0)} |`),
    '',
    'Nothing was run (--dry-run). Expected costs are in tanh-RNN epochs (the time of one epoch depends on the data).',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function sweepInto(
  out: string,
  opts: SweepCliOptions,
  rows: RowName[],
  settings: SweepSettings,
  progress: ReturnType<typeof createProgress>,
  started: number,
  shard: Shard | undefined,
  lock: OutputLock,
): Promise<void> {
  const stages: Record<string, number> = {};
  const lap = (name: string, since: number) => {
    stages[name] = (performance.now() - since) / 1000;
    return performance.now();
  };

  let t = performance.now();
  const data = await loadSweepData(opts.data, {
    vectors: opts.vectors,
    protocol: opts.protocol,
    split: settings.split,
    splitSeed: settings.splitSeed,
    pairFeatures: opts.pairFeatures,
    table: tableOptionsFrom(opts),
    log: (m) => progress.log(m),
  });
  t = lap('data', t);
  progress.log(
    `data: ${data.name} — train ${data.train.size}, validation ${data.validation.size}, test ${data.test.size} pairs`,
  );

  // The classic baselines do not depend on the seed (fixed split, deterministic fits): one run each.
  // A shard: only its share of the runs (the same split in every shard, from the settings alone).
  const { specs, cost } = sweepPlan(rows, settings, shard);
  const own = shard ? new Set(specs.map((s) => s.id)) : undefined;
  // What the runs depend on; not the vector cache's story (a miss on the first run, a hit on --resume).
  const { vectorCache: _cacheStory, ...dataStats } = data.stats;
  const print = fingerprint({ settings, data: data.name, stats: dataStats, version: VERSION });
  const dataBlock: SweepResultsFile['data'] = {
    name: data.name,
    description: data.description,
    stats: data.stats,
    planted: data.planted ?? null,
    majorityMacroF1: majorityMacroF1(data),
    scored: data.scored === true,
  };
  // The shared settings travel with every run file, for vb-cli merge.
  const context: SweepContext = {
    settings,
    rows,
    data: dataBlock,
    version: VERSION,
    jobs: opts.jobs,
    ...(shard ? { shard: { index: shard.index, count: shard.count, plan: SHARD_PLAN } } : {}),
  };
  const done = opts.resume ? loadRuns(out, print, (m) => progress.log(m), own) : new Map<string, RunResult>();
  if (!opts.resume) {
    if (own) clearShardRuns(out, own);
    else clearRuns(out);
  }
  if (shard) progress.log(`shard ${shard.index}/${shard.count} (from ${shard.source}): ${specs.length} runs`);
  // Longest runs first (the grid's RNN rows before the baselines), so no worker idles at the end.
  const todo = specs.filter((s) => !done.has(s.id)).sort((a, b) => cost(b) - cost(a));
  if (opts.resume)
    progress.log(`--resume: ${specs.length - todo.length} of ${specs.length} runs already finished`);

  const labels = new Map(specs.map((s) => [s.id, `${s.row} (seed ${s.seed})`]));
  let fresh: RunResult[];
  try {
    fresh = await runPool(todo, opts.jobs, data, settings, {
      onStart: (spec) =>
        progress.start(
          spec.id,
          labels.get(spec.id) ?? spec.id,
          isRnnRow(spec.row) ? maxEpochsOf(FAMILY[spec.row] !== 'none', settings) : 1,
        ),
      onProgress: (e) =>
        progress.update(e.id, e.epoch, {
          loss: e.record.loss,
          valF1: e.record.validation?.macroF1,
          candidate: e.candidate,
        }),
      onResult: async (r) => {
        await saveRun(out, print, r, context);
        progress.finish(r.id, `macro-F1 ${r.test.macroF1.toFixed(3)} in ${r.seconds.toFixed(1)} s`);
      },
    });
  } finally {
    progress.stop();
  }
  t = lap('runs', t);

  const byId = new Map([...done, ...fresh.map((r) => [r.id, r] as const)]);
  const missing = specs.filter((s) => !byId.has(s.id)).map((s) => s.id);
  // Never a table with a row silently missing.
  if (missing.length > 0) throw new Error(`the sweep ended without the runs ${missing.join(', ')}`);
  // Another sweep took the folder over (it judged this one gone): leave the outputs to it.
  lock.assertHeld();
  if (shard) {
    // A shard's folder is for merging: no tables of a part of the sweep.
    if (opts.json)
      jsonOut({ shard: { index: shard.index, count: shard.count }, out, runs: specs.map((s) => s.id) });
    else
      process.stdout.write(
        `shard ${shard.index}/${shard.count}: ${specs.length} run file${specs.length === 1 ? '' : 's'} in ${join(out, 'runs')}; when every shard is done: vb-cli merge <shard folders…> --out <dir>\n`,
      );
    return;
  }
  const results = specs.map((s) => byId.get(s.id) as RunResult);
  await writeSweepOutputs(
    { out, settings, rows, data: dataBlock, results, jobs: opts.jobs, stages, started },
    { json: opts.json, quiet: opts.quiet },
  );
}
