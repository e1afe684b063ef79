/**
 * Histograms of the importance λ per tensor (W, U, b, V, c), on log-spaced bins: where the
 * pruning threshold falls relative to each tensor's weights.
 */
import type { TopLevelSpec } from 'vega-lite';
import { type ChartOptions, modelColor, modelOrder, VEGA_LITE_SCHEMA } from './chart-common.js';
import type { ImportanceScore, TensorLambdas } from './inputs.js';
import { logBinCounts, logBinEdges } from './log-bins.js';

/** The order of @vb/core's tensors; any other tensor names follow in first-seen order. */
export const TENSOR_ORDER: readonly string[] = ['W', 'U', 'b', 'V', 'c'];

/**
 * What each of @vb/core's tensors is, as the histograms label their rows: the sentence encoder's
 * W (input → hidden), U (hidden → hidden), b (hidden bias), and the classifier head's V and c.
 */
export const TENSOR_ROLES: Readonly<Record<string, string>> = {
  W: 'input → hidden',
  U: 'hidden → hidden',
  b: 'hidden bias',
  V: 'hidden → class (head)',
  c: 'class bias',
};

/** The tensor names explained in one line (the histograms' subtitle; gates for GRU and LSTM). */
export const TENSOR_LEGEND =
  'W input → hidden, U hidden → hidden, b hidden bias, V hidden → class (the head), c class bias; GRU/LSTM: W, U, b hold one block per gate';

/** How λ is defined for a score, as the histograms label it. */
function lambdaDefinition(score: ImportanceScore): string {
  return score === 'magnitude' ? 'λ = |m|' : 'λ = |m|/s';
}

/** Options of {@link snrHistogramSpec}. */
export interface SnrHistogramOptions extends ChartOptions {
  /** Number of log-spaced bins over the range of all positive λ (default 40). */
  bins?: number;
  /** Draw a vertical rule at this pruning threshold τ (e.g. the one chosen from a sweep). */
  threshold?: number;
  /**
   * Axis title of λ. Default: `λ = |m|/s` when every entry is scored by SNR, `λ = |m|` when every
   * one is by magnitude, and `λ` when they are mixed (each column header then says which λ).
   */
  lambdaTitle?: string;
}

/** One non-empty bin of one (model, tensor). */
export interface HistogramRow {
  model: string;
  tensor: string;
  lo: number;
  hi: number;
  count: number;
  /** `count` over the weights of this tensor (all runs of the model pooled). */
  fraction: number;
  /** Weights of this tensor (pooled). */
  weights: number;
}

/** Rows and what was left out: the histogram's data. */
export interface HistogramData {
  rows: HistogramRow[];
  edges: number[];
  tensors: string[];
  /** Weights with λ = 0 (not on a log axis), all tensors and models. */
  zeros: number;
  /** Non-finite or negative λ, left out. */
  invalid: number;
}

/** Bins the λ of every (model, tensor); entries with the same model name (e.g. seeds) are pooled. */
export function histogramData(lambdas: readonly TensorLambdas[], bins = 40): HistogramData {
  const tensors = [...new Set([...TENSOR_ORDER, ...lambdas.flatMap((l) => Object.keys(l.tensors))])].filter(
    (t) => lambdas.some((l) => t in l.tensors),
  );
  const edges = logBinEdges(
    lambdas.flatMap((l) => Object.values(l.tensors)),
    bins,
  );
  const rows: HistogramRow[] = [];
  let zeros = 0;
  let invalid = 0;
  for (const model of modelOrder(lambdas)) {
    for (const tensor of tensors) {
      const counts = new Array<number>(bins).fill(0);
      let weights = 0;
      for (const l of lambdas) {
        const values = l.model === model ? l.tensors[tensor] : undefined;
        if (values === undefined) continue;
        const c = logBinCounts(values, edges);
        c.counts.forEach((n, i) => {
          counts[i] = (counts[i] as number) + n;
        });
        zeros += c.zeros;
        invalid += c.invalid;
        weights += values.length;
      }
      counts.forEach((count, i) => {
        if (count > 0) {
          rows.push({
            model,
            tensor,
            lo: edges[i] as number,
            hi: edges[i + 1] as number,
            count,
            fraction: count / weights,
            weights,
          });
        }
      });
    }
  }
  return { rows, edges, tensors, zeros, invalid };
}

/**
 * λ histograms: one row of panels per tensor (titled with what the tensor is, see
 * {@link TENSOR_ROLES}), one column per model (headed by its λ, |m|/s or |m|, when the models
 * do not share one), log-spaced bins shared by all panels (so they line up); y is the share of the
 * tensor's weights in each bin, on an independent scale per panel (a 6-weight `c` and a
 * 30,000-weight `W` both stay readable).
 *
 * ```ts
 * const t = trainer.tensors(), snr = trainer.snr();
 * const tensors = Object.fromEntries(t.map((x) => [x.name, snr.subarray(x.offset, x.offset + x.rows * x.cols)]));
 * const spec = snrHistogramSpec({ model: 'RNN + variational (D, I)', tensors }, { threshold: 0.5 });
 * ```
 */
export function snrHistogramSpec(
  lambdas: TensorLambdas | readonly TensorLambdas[],
  options: SnrHistogramOptions = {},
): TopLevelSpec {
  const list: readonly TensorLambdas[] = Array.isArray(lambdas) ? lambdas : [lambdas as TensorLambdas];
  const data = histogramData(list, options.bins ?? 40);
  const models = modelOrder(list);
  const left: string[] = [];
  if (data.zeros > 0) left.push(`${data.zeros} weight${data.zeros === 1 ? '' : 's'} with λ = 0`);
  if (data.invalid > 0) left.push(`${data.invalid} non-finite or negative λ`);
  // One λ per model (its first entry's score): SNR |m|/s for a variational model, |m| for the plain RNN.
  const scoreOf = new Map<string, ImportanceScore>();
  for (const l of list) if (!scoreOf.has(l.model)) scoreOf.set(l.model, l.score ?? 'snr');
  const scores = new Set(scoreOf.values());
  const mixed = scores.size > 1;
  const lambdaTitle = options.lambdaTitle ?? (mixed ? 'λ' : lambdaDefinition([...scores][0] ?? 'snr'));
  // Column headers: the model, and under it its λ when the columns do not share one.
  const headerOf = (model: string) =>
    mixed ? `${model}\n${lambdaDefinition(scoreOf.get(model) ?? 'snr')}` : model;
  const values: Array<HistogramRow & { column: string }> = data.rows.map((r) => ({
    ...r,
    column: headerOf(r.model),
  }));
  // Every row of panels must have every column, or the columns of the rows would not line up: a
  // (model, tensor) with no binned λ (all 0) gets one empty bar.
  for (const model of models)
    for (const tensor of data.tensors)
      if (!data.rows.some((r) => r.model === model && r.tensor === tensor))
        values.push({
          model,
          tensor,
          lo: data.edges[0] as number,
          hi: data.edges[1] as number,
          count: 0,
          fraction: 0,
          weights: 0,
          column: headerOf(model),
        });
  const xTitle = `${lambdaTitle} (log-spaced bins${mixed && options.lambdaTitle === undefined ? '; see each column' : ''})`;
  const bars = {
    mark: { type: 'bar' as const },
    encoding: {
      x: {
        field: 'lo',
        type: 'quantitative' as const,
        title: xTitle,
        scale: {
          type: 'log' as const,
          domain: [data.edges[0] as number, data.edges[data.edges.length - 1] as number],
        },
        axis: { format: '~g' },
      },
      x2: { field: 'hi' },
      y: {
        field: 'fraction',
        type: 'quantitative' as const,
        title: 'share of weights',
        axis: { format: '.0%' },
      },
      y2: { datum: 0 },
      color: { ...modelColor(models, options.colors), legend: null },
      tooltip: [
        { field: 'model', type: 'nominal' as const },
        { field: 'tensor', type: 'nominal' as const },
        { field: 'lo', type: 'quantitative' as const, title: 'λ from', format: '.3~g' },
        { field: 'hi', type: 'quantitative' as const, title: 'λ to', format: '.3~g' },
        { field: 'count', type: 'quantitative' as const, format: ',' },
        { field: 'fraction', type: 'quantitative' as const, title: 'share', format: '.1%' },
      ],
    },
  };
  const rule =
    options.threshold !== undefined && options.threshold > 0
      ? [
          {
            // One row per panel, so the rule is drawn once per panel, not once per bin.
            transform: [{ aggregate: [{ op: 'count' as const, as: 'bins' }], groupby: ['model', 'tensor'] }],
            mark: { type: 'rule' as const, color: '#d62728', strokeDash: [4, 3] },
            encoding: { x: { datum: options.threshold, type: 'quantitative' as const } },
          },
        ]
      : [];
  const subtitle = [
    `y: share of each tensor's weights per bin${rule.length ? `; red: τ = ${options.threshold}` : ''}`,
    TENSOR_LEGEND,
  ];
  if (left.length) subtitle.push(`not shown: ${left.join(', ')}`);
  // One row of panels per tensor, titled with what the tensor is; model headers on the first row,
  // the λ axis title under the last.
  const size = { width: options.width ?? 300, height: options.height ?? 90 };
  const rows = data.tensors.map((tensor, i) => {
    const first = i === 0;
    const last = i === data.tensors.length - 1;
    const role = TENSOR_ROLES[tensor];
    return {
      title: {
        text: role === undefined ? `tensor ${tensor}` : `${tensor}: ${role}`,
        anchor: 'start' as const,
        fontSize: 12,
      },
      transform: [{ filter: { field: 'tensor', equal: tensor } }],
      facet: {
        column: {
          field: 'column',
          type: 'nominal' as const,
          sort: models.map(headerOf),
          title: null,
          header: first ? { labelLimit: 320, labelExpr: "split(datum.value, '\\n')" } : { labels: false },
        },
      },
      spec: {
        ...size,
        layer: [
          {
            ...bars,
            encoding: {
              ...bars.encoding,
              x: { ...bars.encoding.x, title: last ? xTitle : null },
            },
          },
          ...rule,
        ],
      },
      resolve: { scale: { y: 'independent' as const }, axis: { x: 'independent' as const } },
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Importance λ per tensor', subtitle },
    description: `Histograms of ${lambdaTitle} per tensor on log-spaced bins, one row per tensor (${TENSOR_LEGEND}), one column per model.`,
    data: { values },
    vconcat: rows,
  };
}
