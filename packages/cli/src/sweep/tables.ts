/** The seed's table with our numbers beside it, as Markdown and CSV, and the pruning curves as CSV. */
import { formatDelimitedRecord } from '@vb/core';
import { formatCount, formatPercent, formatStat, type Stat, type TableRow } from './aggregate.js';
import type { RunResult } from './run.js';

const HEADER = [
  'classifier',
  'seed F1',
  'macro-F1',
  'binary F1',
  'accuracy',
  'log-likelihood',
  'prunable (SNR)',
  'prunable (magnitude)',
];

/**
 * Whether the seed's F1 column belongs in the table of `dataName`: only the pooled PIT-2015
 * protocol (the seed's experiment) is comparable with the seed's numbers.
 */
export function showsSeedF1(dataName: string): boolean {
  return dataName === 'pit2015:pooled';
}

/**
 * A Markdown table: the first `textColumns` columns left-aligned, the rest (numbers) right-aligned.
 * Empty when there are no rows.
 */
function markdownTable(header: string[], rows: string[][], textColumns = 1): string {
  if (rows.length === 0) return '';
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${header.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`;
  return `${[line(header), rule, ...rows.map(line)].join('\n')}\n`;
}

const scoreLabel = (score: 'snr' | 'magnitude' | undefined) => (score === 'snr' ? 'SNR' : 'magnitude');

/**
 * The seed's table. Columns follow the data: the seed's F1 only for pooled PIT-2015, binary F1
 * only where some row has one (K = 2, or PIT's paraphrase F1), Pearson and Spearman of the expected
 * score only when the data has gold scores.
 */
export function tableMarkdown(rows: TableRow[], options: { seedF1: boolean; scores?: boolean }): string {
  const binary = rows.some((r) => r.binaryF1 !== null);
  const scores = options.scores === true;
  const header = HEADER.filter((h) => (h !== 'seed F1' || options.seedF1) && (h !== 'binary F1' || binary));
  if (scores) header.splice(header.indexOf('log-likelihood') + 1, 0, 'Pearson r', 'Spearman ρ');
  return markdownTable(
    header,
    rows.map((r) => [
      r.row,
      ...(options.seedF1 ? [r.seedF1 === null ? '—' : r.seedF1.toFixed(3)] : []),
      formatStat(r.macroF1),
      ...(binary ? [formatStat(r.binaryF1)] : []),
      formatStat(r.accuracy),
      formatStat(r.meanLogLikelihood),
      ...(scores ? [formatStat(r.pearson), formatStat(r.spearman)] : []),
      formatPercent(r.maxPrunableSnr),
      formatPercent(r.maxPrunableMagnitude),
    ]),
  );
}

/**
 * The structure table of the RNN rows: what weight-by-weight pruning leaves at its max-prunable
 * point (units with a surviving incoming and outgoing weight; inputs with a surviving weight),
 * and how many whole units and input dimensions structured pruning removes at ≤ 0.01 macro-F1
 * loss. Empty when no row has a structure.
 */
export function structureMarkdown(rows: TableRow[]): string {
  return markdownTable(
    [
      'model',
      'score',
      'units left (weight pruning)',
      'inputs left (weight pruning)',
      'units removable',
      'inputs removable',
    ],
    rows
      .filter((r) => r.structure || r.removable)
      .map((r) => [
        r.row,
        scoreLabel((r.structure ?? r.removable)?.score),
        r.structure ? formatCount(r.structure.units, r.structure.hidden) : '—',
        r.structure ? formatCount(r.structure.inputs, r.structure.inputDim) : '—',
        r.removable ? formatCount(r.removable.units, r.removable.hidden) : '—',
        r.removable ? formatCount(r.removable.inputs, r.removable.inputDim) : '—',
      ]),
    2,
  );
}

/** `x` with 3 decimals and its sign (`+0.012`, `-0.004`). */
function signedNumber(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}

/** A mean ± std with the sign of its mean (`+0.012 ± 0.004`), or — when absent. */
function signedStat(x: Stat | null): string {
  return x === null ? '—' : x.mean >= 0 ? `+${formatStat(x)}` : formatStat(x);
}

/**
 * The overfitting check in numbers: per RNN row, the validation NLL at its best epoch and at the
 * last epoch, and the training NLL at the last epoch (mean ± std over seeds). Empty without histories.
 */
export function overfittingMarkdown(rows: TableRow[]): string {
  return markdownTable(
    ['model', 'validation NLL, best epoch', 'validation NLL, last epoch', 'training NLL, last epoch'],
    rows.flatMap((r) =>
      r.nllCurve
        ? [
            [
              r.row,
              formatStat(r.nllCurve.validationBest),
              formatStat(r.nllCurve.validationLast),
              formatStat(r.nllCurve.trainingLast),
            ],
          ]
        : [],
    ),
  );
}

/**
 * Pruning as deployed: τ chosen on validation (sparsest point within 0.01 validation macro-F1),
 * then the fraction removed and the change of test macro-F1. Empty without it.
 */
export function validatedPruningMarkdown(rows: TableRow[]): string {
  const of = (x: Stat | null, total: number | null) =>
    x === null ? '—' : `${formatStat(x, 1)} / ${total ?? '?'}`;
  return markdownTable(
    [
      'model',
      'score',
      'weights removed',
      'test macro-F1 change',
      'test log-lik change',
      'units left',
      'inputs left',
      'compact file',
    ],
    rows.flatMap((r) => {
      const v = r.validatedPruning;
      if (!v) return [];
      const ratio = v.compactRatio ? `${formatStat(v.compactRatio, 1)}× smaller` : '—';
      return [
        [
          r.row,
          scoreLabel(v.score),
          formatPercent(v.removed),
          signedStat(v.testChange),
          signedStat(v.logLikChange),
          of(v.liveUnits, v.hidden),
          of(v.liveInputs, v.inputDim),
          ratio,
        ],
      ];
    }),
    2,
  );
}

/**
 * SNR pruning of a variational row against magnitude pruning of the plain RNN at matched sparsity
 * (the same quantile levels), by seed-mean test log-likelihood and macro-F1, at every level that
 * removes at least half of the weights. One line per variational row; empty without the plain RNN.
 */
export function pruningVersusPlainNote(rows: TableRow[]): string {
  const plain = rows.find((r) => r.row === 'RNN')?.meanCurves?.magnitude;
  if (!plain) return '';
  const lines: string[] = [];
  for (const r of rows) {
    const snr = r.meanCurves?.snr;
    if (!snr || r.row === 'RNN') continue;
    let levels = 0;
    let ll = 0;
    let f1 = 0;
    let worst = Number.POSITIVE_INFINITY;
    for (const p of snr) {
      const q = plain.find((x) => Math.abs(x.keptFraction - p.keptFraction) <= 0.005);
      if (!q || p.keptFraction > 0.5) continue;
      levels++;
      if (p.meanLogLikelihood >= q.meanLogLikelihood) ll++;
      if (p.macroF1 >= q.macroF1) f1++;
      worst = Math.min(worst, p.meanLogLikelihood - q.meanLogLikelihood);
    }
    if (levels === 0) continue;
    lines.push(
      `${r.row} (SNR) vs RNN (magnitude), ≥ 50% of weights removed: better or equal test log-likelihood at ${ll} of ${levels} levels (smallest difference ${signedNumber(worst)} nats), macro-F1 at ${f1} of ${levels}.`,
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * Recovery of the planted structure (builtin data), per row: by the network pruned at the τ chosen
 * on validation, and by the evidence (nodes whose outgoing weights have mean λ² ≥ 1). Empty otherwise.
 */
export function plantedMarkdown(rows: TableRow[]): string {
  const f = (x: Stat | null) => formatStat(x, 2);
  return markdownTable(
    ['model', 'by', 'input precision', 'input recall', 'live units', 'unit precision', 'unit recall'],
    rows.flatMap((r) => {
      const out: string[][] = [];
      const p = r.planted;
      if (p)
        out.push([
          r.row,
          'τ on validation',
          f(p.precision),
          f(p.recall),
          formatStat(p.liveUnits, 1),
          f(p.unitPrecision),
          f(p.unitRecall),
        ]);
      const e = r.evidence;
      if (e?.planted)
        out.push([
          r.row,
          'evidence (mean λ² ≥ 1)',
          f(e.planted.precision),
          f(e.planted.recall),
          formatStat(e.liveUnits, 1),
          f(e.planted.unitPrecision),
          f(e.planted.unitRecall),
        ]);
      return out;
    }),
    2,
  );
}

/** The structure the evidence keeps, per variational row (nodes whose outgoing weights have mean λ² ≥ 1). */
export function evidenceMarkdown(rows: TableRow[]): string {
  return markdownTable(
    ['model', 'hidden units alive', 'input dimensions alive'],
    rows.flatMap((r) =>
      r.evidence
        ? [
            [
              r.row,
              `${formatStat(r.evidence.liveUnits, 1)} / ${r.evidence.hidden}`,
              `${formatStat(r.evidence.liveInputs, 1)} / ${r.evidence.inputDim}`,
            ],
          ]
        : [],
    ),
  );
}

/** Sparse VD's own pruning rule (log α > 3), beside the τ chosen on validation. Empty without a sparse VD row. */
export function logAlphaRuleMarkdown(rows: TableRow[]): string {
  return markdownTable(
    ['model', 'weights removed', 'test macro-F1 change', 'test log-lik change'],
    rows.flatMap((r) =>
      r.logAlphaRule
        ? [
            [
              r.row,
              formatPercent(r.logAlphaRule.removed),
              signedStat(r.logAlphaRule.testChange),
              signedStat(r.logAlphaRule.logLikChange),
            ],
          ]
        : [],
    ),
  );
}

/** The κ selection: per variational row and candidate κ, mean validation NLL and macro-F1, and how often it was kept. */
export function klSelectionMarkdown(rows: TableRow[]): string {
  return markdownTable(
    ['model', 'κ', 'validation NLL', 'validation macro-F1', 'chosen'],
    rows.flatMap((r) =>
      (r.klCandidates ?? []).map((c) => [
        r.row,
        String(c.klWeight),
        formatStat(c.validationNll),
        formatStat(c.validationMacroF1),
        `${c.chosen} of ${r.macroF1.n}`,
      ]),
    ),
  );
}

/**
 * Model selection per row: the criterion, what it chose (how often over the seeds), the test scores
 * of the choices validation NLL and the training ELBO make, and Spearman's ρ between the ELBO and
 * validation log-likelihood over the grid.
 */
export function selectionMarkdown(rows: TableRow[]): string {
  const sel = rows.filter((r) => r.selection);
  if (sel.length === 0) return '';
  const chosen = markdownTable(
    [
      'model',
      `chosen (by ${sel[0]?.selection?.selectBy ?? 'nll'})`,
      'test macro-F1, val-NLL choice',
      'test macro-F1, ELBO choice',
      'test log-lik, val-NLL choice',
      'test log-lik, ELBO choice',
      'ρ(ELBO, val log-lik)',
    ],
    sel.map((r) => {
      const s = r.selection as NonNullable<TableRow['selection']>;
      return [
        r.row,
        s.chosen.map((c) => `${c.name}${r.macroF1.n > 1 ? ` (${c.count} of ${r.macroF1.n})` : ''}`).join('; '),
        formatStat(s.byValidationNll.testMacroF1),
        formatStat(s.byElbo?.testMacroF1 ?? null),
        formatStat(s.byValidationNll.testLogLik),
        formatStat(s.byElbo?.testLogLik ?? null),
        formatStat(s.elboVsValidation, 2),
      ];
    }),
  );
  return chosen;
}

/**
 * Which encoder wins where: per row and encoder, the model that encoder alone would give (κ chosen
 * by validation NLL), its validation NLL and test scores; the encoder with the best validation NLL
 * is marked.
 */
export function encodersMarkdown(rows: TableRow[]): string {
  const sel = rows.filter((r) => r.selection?.tune === 'on' && r.selection.encoders.length > 1);
  if (sel.length === 0) return '';
  return markdownTable(
    ['model', 'encoder', 'validation NLL', 'test macro-F1', 'test log-likelihood'],
    sel.flatMap((r) => {
      const es = (r.selection as NonNullable<TableRow['selection']>).encoders;
      const best = Math.min(...es.map((e) => e.validationNll.mean));
      return es.map((e) => [
        r.row,
        e.validationNll.mean === best ? `**${e.name}**` : e.name,
        formatStat(e.validationNll),
        formatStat(e.testMacroF1),
        formatStat(e.testLogLik),
      ]);
    }),
  );
}

/** Every candidate of every row's grid: mean validation NLL and macro-F1, training ELBO, kept epoch, how often chosen. */
export function candidatesMarkdown(rows: TableRow[]): string {
  // Without tuning the candidates differ only in κ: the κ table already lists them.
  const sel = rows.filter((r) => r.selection?.tune === 'on' && r.selection.candidates.length > 1);
  if (sel.length === 0) return '';
  return markdownTable(
    ['model', 'candidate', 'validation NLL', 'validation macro-F1', 'training ELBO/pair', 'epoch kept', 'chosen'],
    sel.flatMap((r) =>
      (r.selection as NonNullable<TableRow['selection']>).candidates.map((c) => [
        r.row,
        c.name,
        formatStat(c.validationNll),
        formatStat(c.validationMacroF1),
        formatStat(c.trainElbo),
        formatStat(c.epoch, 1),
        `${c.chosen} of ${r.macroF1.n}`,
      ]),
    ),
  );
}

/**
 * Lines under the table comparing SNR with magnitude pruning at matched sparsity, for the rows
 * whose two scores differ (the (D, I) posterior; for (I, I) they coincide: λ = |m|/β).
 */
export function snrVsMagnitudeNote(rows: TableRow[]): string {
  return rows
    .filter((r) => r.snrVsMagnitude && r.row !== 'RNN + variational, I, I')
    .map((r) => {
      const c = r.snrVsMagnitude as NonNullable<TableRow['snrVsMagnitude']>;
      // Results written before the likelihood comparison was recorded have no such field.
      const ll = c.likelihood
        ? `; by test log-likelihood at ${c.likelihood.snrAtLeast} of ${c.levels}, mean ${signedNumber(c.likelihood.meanGap)} nats`
        : '';
      return `${r.row}: SNR pruning ≥ magnitude pruning (seed-mean macro-F1) at ${c.snrAtLeast} of ${c.levels} sparsity levels; mean difference ${signedNumber(c.meanGap)}${ll}.`;
    })
    .join('\n');
}

/** The line under the table that states the majority-class floor. */
export function majorityNote(f1: number): string {
  return `Majority-class baseline (always the most frequent training class): macro-F1 ${f1.toFixed(3)}; a model at this value has learned nothing (e.g. a collapsed posterior).`;
}

/** RFC 4180 CSV (@vb/core's writer, which its reader reads back); null and undefined cells are empty. */
function csv(header: string[], rows: unknown[][]): string {
  const line = (r: unknown[]) =>
    formatDelimitedRecord(r.map((v) => (v === null || v === undefined ? '' : String(v))));
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

export function tableCsv(rows: TableRow[]): string {
  return csv(
    [
      'classifier',
      'seed_f1',
      'macro_f1_mean',
      'macro_f1_std',
      'binary_f1_mean',
      'binary_f1_std',
      'accuracy_mean',
      'accuracy_std',
      'log_likelihood_mean',
      'pearson_mean',
      'spearman_mean',
      'prunable_snr_mean',
      'prunable_magnitude_mean',
      'units_left_weight_pruning_mean',
      'inputs_left_weight_pruning_mean',
      'units_removable_mean',
      'inputs_removable_mean',
      'seeds',
    ],
    rows.map((r) => [
      r.row,
      r.seedF1,
      r.macroF1.mean,
      r.macroF1.std,
      r.binaryF1?.mean,
      r.binaryF1?.std,
      r.accuracy.mean,
      r.accuracy.std,
      r.meanLogLikelihood?.mean,
      r.pearson?.mean,
      r.spearman?.mean,
      r.maxPrunableSnr?.mean,
      r.maxPrunableMagnitude?.mean,
      r.structure?.units.mean,
      r.structure?.inputs.mean,
      r.removable?.units.mean,
      r.removable?.inputs.mean,
      r.macroF1.n,
    ]),
  );
}

export function curvesCsv(results: RunResult[]): string {
  const rows: unknown[][] = [];
  for (const r of results) {
    for (const [score, sweep] of Object.entries(r.sweeps ?? {})) {
      for (const p of sweep?.points ?? []) {
        rows.push([
          r.row,
          r.seed,
          score,
          p.threshold,
          p.kept,
          p.keptFraction,
          p.metrics.macroF1,
          p.metrics.binaryF1,
          p.metrics.accuracy,
          p.metrics.meanLogLikelihood,
          p.structure.aliveHidden,
          p.structure.functionalHidden,
          p.structure.aliveInputs,
        ]);
      }
    }
  }
  return csv(
    [
      'model',
      'seed',
      'score',
      'threshold',
      'kept',
      'kept_fraction',
      'macro_f1',
      'binary_f1',
      'accuracy',
      'mean_log_likelihood',
      'alive_hidden',
      'functional_hidden',
      'alive_inputs',
    ],
    rows,
  );
}

/**
 * Every table of a sweep as one Markdown document (what `table.md` holds and the command prints):
 * the seed's table, the majority-class floor, SNR vs magnitude, then the structure, the
 * overfitting check and the κ selection, each under a heading when it has rows.
 */
export function sweepTablesMarkdown(
  rows: TableRow[],
  o: { dataName: string; majorityMacroF1?: number; scores?: boolean },
): string {
  const parts = [tableMarkdown(rows, { seedF1: showsSeedF1(o.dataName), scores: o.scores })];
  const notes = [
    typeof o.majorityMacroF1 === 'number' ? majorityNote(o.majorityMacroF1) : '',
    snrVsMagnitudeNote(rows),
    pruningVersusPlainNote(rows),
  ].filter(Boolean);
  if (notes.length > 0) parts.push(`${notes.join('\n')}\n`);
  for (const [title, body] of [
    [
      'Pruning with τ chosen on validation (≤ 0.01 validation macro-F1 loss), applied to test',
      validatedPruningMarkdown(rows),
    ],
    ['Sparse VD’s own rule: prune log α > 3', logAlphaRuleMarkdown(rows)],
    ['Recovery of the planted structure (units compared by count)', plantedMarkdown(rows)],
    [
      'Structure the evidence keeps (nodes whose outgoing weights have mean λ² ≥ 1; no data used)',
      evidenceMarkdown(rows),
    ],
    ['Structure (≤ 0.01 macro-F1 loss)', structureMarkdown(rows)],
    ['Overfitting check (NLL per pair)', overfittingMarkdown(rows)],
    ['KL weight κ chosen on validation', klSelectionMarkdown(rows)],
    [
      'Model selection (encoder, optimisation and κ; test scores recorded, never used to choose)',
      selectionMarkdown(rows),
    ],
    [
      'Encoders compared (each with κ chosen by validation NLL; bold: best validation NLL)',
      encodersMarkdown(rows),
    ],
    ['Every candidate of the grid', candidatesMarkdown(rows)],
  ] as const) {
    if (body) parts.push(`### ${title}\n\n${body}`);
  }
  return parts.join('\n');
}
