/** What every spec builder shares: the schema URL, panel size, and a stable colour per model. */
import type { ImportanceScore } from './inputs.js';
import type { SeedOptions } from './seed-bands.js';

/** `$schema` of every spec (a name, never fetched): lets the Vega editor recognise a pasted spec. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Size of one plot panel in pixels (the plotting area, without axes and legend). */
export interface ChartSize {
  /** Default 360. */
  width?: number;
  /** Default 220. */
  height?: number;
}

/** Panel size with defaults applied. */
export function panelSize(size: ChartSize = {}): { width: number; height: number } {
  return { width: size.width ?? 360, height: size.height ?? 220 };
}

/** Distinct model names in first-seen order: the colour domain, so a model has one colour in every chart. */
export function modelOrder(items: readonly { model: string }[]): string[] {
  return [...new Set(items.map((x) => x.model))];
}

/**
 * The model colours: the Okabe–Ito palette (Okabe & Ito 2008, made to stay distinct under the
 * common colour-vision deficiencies), black first for the reference model, the two lightest
 * (sky blue, yellow) last; then Tableau10's colours for a ninth model and beyond. Any two of the
 * first six differ by ΔE*ab ≥ 33 for normal vision and ≥ 17 under simulated deuteranopia or
 * protanopia (Vega's default Tableau10 puts its red and green at ΔE ≈ 2 for a deuteranope).
 */
export const MODEL_PALETTE: readonly string[] = [
  '#000000', // black
  '#e69f00', // orange
  '#0072b2', // blue
  '#009e73', // bluish green
  '#cc79a7', // reddish purple
  '#d55e00', // vermillion
  '#56b4e9', // sky blue
  '#f0e442', // yellow
  '#9d755d', // (Tableau10 from here) brown
  '#bab0ac', // grey
  '#4c78a8',
  '#e45756',
  '#54a24b',
  '#b279a2',
];

/** A fixed colour per model name (CSS colour strings), so that a model looks the same in every chart. */
export type ModelColors = Readonly<Record<string, string>>;

/**
 * Options every model-coloured chart takes: its panel size, optionally the model colours, and how
 * many seeds of a model it draws as lines before it draws their mean ± std instead.
 */
export interface ChartOptions extends ChartSize, SeedOptions {
  /**
   * Colour per model name, e.g. from {@link modelColors} over every model of a report, so a
   * model keeps its colour in every chart even where some models are absent. Models not listed
   * take the palette's first unused colours. Default: {@link MODEL_PALETTE} in input order.
   */
  colors?: ModelColors;
}

/**
 * One colour per model from {@link MODEL_PALETTE}, in the order given (colours in `fixed` kept,
 * and not handed out again). Pass the result as `colors` to every chart of a report.
 *
 * ```ts
 * const colors = modelColors(['RNN', 'RNN + variational, I, I', 'RNN + variational, D, I']);
 * const specs = lambdaCurvesSpecs(sweeps, { colors });
 * const training = trainingCurvesSpec(histories, { colors });
 * ```
 */
export function modelColors(models: readonly string[], fixed: ModelColors = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set(Object.values(fixed).map((c) => c.toLowerCase()));
  const free = MODEL_PALETTE.filter((c) => !used.has(c));
  let next = 0;
  for (const m of models) {
    if (m in out) continue;
    const pinned = Object.hasOwn(fixed, m) ? fixed[m] : undefined;
    // Past the palette's end, colours repeat (more models than a chart can keep apart anyway).
    out[m] = pinned ?? (free[next++ % Math.max(1, free.length)] as string);
  }
  return out;
}

/** Colour channel: one colour per model (domain in input order), from `colors` or the palette. */
export function modelColor(models: string[], colors?: ModelColors) {
  const c = modelColors(models, colors);
  return {
    field: 'model',
    type: 'nominal' as const,
    title: 'model',
    scale: { domain: models, range: models.map((m) => c[m] as string) },
    legend: { labelLimit: 320 },
  };
}

/** One line per series: a readable key of a (model, score, seed) run (screen readers announce it). */
export function seriesKey(model: string, score: string, seed: number | string | undefined): string {
  return [model, score, seed === undefined ? '' : `seed ${seed}`].filter((x) => x !== '').join(' · ');
}

/** How a score is named in legends and headers. */
export function scoreLabel(score: ImportanceScore): string {
  return score === 'snr' ? 'SNR λ = |m|/s' : 'magnitude λ = |m|';
}

/** A seed as a string for tooltips (`''` when absent). */
export function seedLabel(seed: number | string | undefined): string {
  return seed === undefined ? '' : String(seed);
}
