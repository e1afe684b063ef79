/** What every spec builder shares: the schema URL, panel size, and a stable colour per model. */
import type { ImportanceScore } from './inputs.js';

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

/** Colour channel: one colour per model, in input order. */
export function modelColor(models: string[]) {
  return {
    field: 'model',
    type: 'nominal' as const,
    title: 'model',
    scale: { domain: models },
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
