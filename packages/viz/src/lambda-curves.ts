/**
 * The seed's three curves (docs/METHOD.md §5): number of parameters, F1 and likelihood against the
 * pruning threshold τ on λ, plus the sparsity/quality trade-off (F1 against the kept fraction).
 *
 * The x axis is logarithmic, since λ spans orders of magnitude; τ = 0 (the unpruned network)
 * cannot sit on it, so the unpruned value of each series is drawn as a dashed horizontal rule in
 * the series' colour: the reference that the pruned curve falls away from.
 *
 * With more seeds of a model than `maxSeedLines`, each (model, score) is one line — the mean over
 * its seeds on a common τ grid — with a ± 1 std band (`sweep-bands.ts`), instead of one per seed.
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  type ChartOptions,
  type ModelColors,
  modelColor,
  modelOrder,
  panelSize,
  scoreLabel,
  VEGA_LITE_SCHEMA,
} from './chart-common.js';
import type { ImportanceScore, LabelledSweep } from './inputs.js';
import { usesSeedBands } from './seed-bands.js';
import { sparsityTradeoffSpec } from './sparsity-tradeoff.js';
import { type BandField, type SweepBandRow, sweepBands } from './sweep-bands.js';
import { type F1Kind, f1Field, type SweepRow, sweepRows } from './sweep-rows.js';

/** Options of {@link lambdaCurvesSpecs}. */
export interface LambdaCurvesOptions extends ChartOptions {
  /** `macro` (default): six-class macro-F1, the seed's table; `paraphrase`: PIT-2015 binary F1. */
  f1?: F1Kind;
}

/** The four pruning charts, each a complete Vega-Lite spec with its data inline. */
export interface LambdaCurvesSpecs {
  /** Kept parameters vs τ. */
  parameters: TopLevelSpec;
  /** F1 vs τ. */
  f1: TopLevelSpec;
  /** Mean log-likelihood per pair vs τ. */
  likelihood: TopLevelSpec;
  /** F1 vs kept fraction: SNR and magnitude pruning on one chart ({@link sparsityTradeoffSpec}). */
  tradeoff: TopLevelSpec;
}

interface CurveDef {
  field: BandField;
  title: string;
  yTitle: string;
  format: string;
  zero: boolean;
}

/**
 * The layers of a chart of mean ± std rows (`sweepBands`): the band, the mean line, the unpruned
 * mean as a dashed rule.
 */
function bandLayers(curve: CurveDef, x: object, color: object) {
  const y = {
    field: curve.field,
    type: 'quantitative' as const,
    title: curve.yTitle,
    scale: { zero: curve.zero },
  };
  const series = { field: 'series', type: 'nominal' as const };
  const tooltip = [
    { field: 'model', type: 'nominal' as const },
    { field: 'score', type: 'nominal' as const },
    { field: 'runs', type: 'quantitative' as const, title: 'seeds' },
    { field: 'threshold', type: 'quantitative' as const, title: 'τ', format: '.4~g' },
    { field: 'keptFraction', type: 'quantitative' as const, title: 'kept (mean)', format: '.1%' },
    {
      field: curve.field,
      type: 'quantitative' as const,
      title: `${curve.yTitle} (mean)`,
      format: curve.format,
    },
    { field: `${curve.field}Std`, type: 'quantitative' as const, title: 'std', format: curve.format },
  ];
  const valid = { filter: { field: curve.field, valid: true } };
  return [
    {
      transform: [{ filter: 'datum.threshold > 0' }, { filter: { field: `${curve.field}Lo`, valid: true } }],
      mark: { type: 'area' as const, fillOpacity: 0.2 },
      encoding: {
        x,
        y: { ...y, field: `${curve.field}Lo` },
        y2: { field: `${curve.field}Hi` },
        color,
        detail: series,
      },
    },
    {
      transform: [{ filter: 'datum.threshold > 0' }, valid],
      mark: { type: 'line' as const },
      encoding: { x, y, color, detail: series, tooltip },
    },
    {
      transform: [{ filter: 'datum.threshold === 0' }, valid],
      mark: { type: 'rule' as const, strokeDash: [4, 3], opacity: 0.7 },
      encoding: { y, color, detail: series, tooltip },
    },
  ];
}

/** A band row with only what a chart of `field` reads, so each chart carries only its own values. */
function bandRowOf(r: SweepBandRow, field: CurveDef['field']) {
  return {
    model: r.model,
    score: r.score,
    scoreLabel: r.scoreLabel,
    series: r.series,
    threshold: r.threshold,
    runs: r.runs,
    keptFraction: r.keptFraction,
    [field]: r[field],
    [`${field}Lo`]: r[`${field}Lo`],
    [`${field}Hi`]: r[`${field}Hi`],
    [`${field}Std`]: r[`${field}Std`],
  };
}

function lambdaChart(
  rows: SweepRow[] | SweepBandRow[],
  models: string[],
  curve: CurveDef,
  size: { width: number; height: number },
  colors: ModelColors | undefined,
  bands: boolean,
): TopLevelSpec {
  const scores = [...new Set(rows.map((r) => r.score))] as ImportanceScore[];
  const mixed = scores.length > 1;
  const only = scores[0] ?? 'snr';
  const xTitle = mixed
    ? 'pruning threshold τ (log scale)'
    : `pruning threshold τ on ${scoreLabel(only)} (log scale)`;
  const color = modelColor(models, colors);
  const valid = { filter: { field: curve.field, valid: true } };
  const tooltip = [
    { field: 'model', type: 'nominal' as const },
    { field: 'seed', type: 'nominal' as const },
    { field: 'score', type: 'nominal' as const },
    { field: 'threshold', type: 'quantitative' as const, title: 'τ', format: '.4~g' },
    { field: 'kept', type: 'quantitative' as const, format: ',' },
    { field: 'keptFraction', type: 'quantitative' as const, title: 'kept', format: '.1%' },
    { field: curve.field, type: 'quantitative' as const, title: curve.yTitle, format: curve.format },
  ];
  const y = {
    field: curve.field,
    type: 'quantitative' as const,
    title: curve.yTitle,
    scale: { zero: curve.zero },
  };
  const x = {
    field: 'threshold',
    type: 'quantitative' as const,
    title: xTitle,
    scale: { type: 'log' as const },
    axis: { format: '~g' },
  };
  const layer = bands
    ? bandLayers(curve, x, color)
    : [
        {
          transform: [{ filter: 'datum.threshold > 0' }, valid],
          mark: { type: 'line' as const },
          encoding: {
            x,
            y,
            color,
            detail: { field: 'series', type: 'nominal' as const },
            tooltip,
          },
        },
        {
          transform: [{ filter: 'datum.threshold === 0' }, valid],
          mark: { type: 'rule' as const, strokeDash: [4, 3], opacity: 0.7 },
          encoding: { y, color, detail: { field: 'series', type: 'nominal' as const }, tooltip },
        },
      ];
  const head = bands
    ? {
        $schema: VEGA_LITE_SCHEMA,
        title: { text: curve.title, subtitle: 'mean ± std over seeds; dashed: unpruned network (τ = 0)' },
        description: `${curve.title}, one line per model: the mean over its seeds with a band of ± one standard deviation; dashed rules mark the unpruned mean.`,
        data: { values: (rows as SweepBandRow[]).map((r) => bandRowOf(r, curve.field)) },
      }
    : {
        $schema: VEGA_LITE_SCHEMA,
        title: { text: curve.title, subtitle: 'dashed: unpruned network (τ = 0)' },
        description: `${curve.title}, one line per model and seed; dashed rules mark the unpruned value.`,
        data: { values: rows },
      };
  if (!mixed) return { ...head, ...size, layer };
  return {
    ...head,
    facet: { column: { field: 'scoreLabel', type: 'nominal', title: null } },
    spec: { ...size, layer },
    resolve: { scale: { x: 'independent' } },
  };
}

/**
 * The seed's three curves and the trade-off chart from labelled sweeps. One line per
 * (model, seed), coloured by model; sweeps by SNR and by magnitude (whose λ are not on one scale)
 * go in separate columns of each λ chart. With more seeds of a model than `maxSeedLines` (10),
 * one line per model instead: the mean over its seeds with a ± 1 std band.
 *
 * ```ts
 * const specs = lambdaCurvesSpecs([
 *   { model: 'RNN + variational (D, I)', sweep: pruneSweep(trainer, test) },
 *   { model: 'RNN (magnitude)', sweep: pruneSweep(plain, test, { score: 'magnitude' }) },
 * ]);
 * const svg = await renderSvg(specs.f1);
 * ```
 */
export function lambdaCurvesSpecs(
  sweeps: readonly LabelledSweep[],
  options: LambdaCurvesOptions = {},
): LambdaCurvesSpecs {
  const bands = usesSeedBands(sweeps, options);
  const rows = bands ? sweepBands(sweeps) : sweepRows(sweeps);
  const models = modelOrder(sweeps);
  const size = panelSize(options);
  const f1 = f1Field(options.f1);
  return {
    parameters: lambdaChart(
      rows,
      models,
      {
        field: 'kept',
        title: 'Number of parameters vs λ',
        yTitle: 'kept parameters',
        format: ',',
        zero: true,
      },
      size,
      options.colors,
      bands,
    ),
    f1: lambdaChart(
      rows,
      models,
      { field: f1.field, title: 'F1 vs λ', yTitle: f1.title, format: '.3f', zero: false },
      size,
      options.colors,
      bands,
    ),
    likelihood: lambdaChart(
      rows,
      models,
      {
        field: 'meanLogLikelihood',
        title: 'Likelihood vs λ',
        yTitle: 'mean log-likelihood per pair',
        format: '.3f',
        zero: false,
      },
      size,
      options.colors,
      bands,
    ),
    tradeoff: sparsityTradeoffSpec(sweeps, options),
  };
}
