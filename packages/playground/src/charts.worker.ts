/**
 * The chart worker: builds each chart's Vega-Lite spec with @vb/viz and renders it to SVG text
 * with @vb/viz's `renderSvg` (Vega's headless renderer), so neither Vega nor the layout work ever
 * runs on the page's thread. The page only swaps the SVG in.
 */
import type { EpochRecord } from '@vb/core';
import {
  lambdaCurvesSpecs,
  MODEL_PALETTE,
  renderSvg,
  snrHistogramSpec,
  trainingCurvesSpec,
  VEGA_LITE_SCHEMA,
} from '@vb/viz';
import type { ChartMessage, ChartRequest, StepPoint } from './protocol.js';

type Spec = Parameters<typeof renderSvg>[0];

const scope = self as unknown as {
  postMessage(message: ChartMessage): void;
  onmessage: ((e: MessageEvent<ChartRequest>) => void) | null;
};

const WIDTH = 250;
const HEIGHT = 140;

/** Macro-F1 per epoch on a sample of the training pairs and on the validation set (posterior means). */
function f1Spec(model: string, history: EpochRecord[], trainF1: number[]): Spec {
  const values = history.flatMap((e, i) => [
    ...(trainF1[i] !== undefined ? [{ epoch: e.epoch, split: 'training', value: trainF1[i] }] : []),
    ...(e.validation ? [{ epoch: e.epoch, split: 'validation', value: e.validation.macroF1 }] : []),
  ]);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Macro-F1', subtitle: 'training sample (solid) vs validation (dashed), posterior means' },
    description: `Macro-F1 over epochs of ${model}: on up to 256 training pairs and on the validation set.`,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    mark: { type: 'line', point: history.length <= 1 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: 'macro-F1', scale: { zero: false } },
      strokeDash: {
        field: 'split',
        type: 'nominal',
        title: 'macro-F1 on',
        scale: { domain: ['training', 'validation'] },
      },
      color: { value: MODEL_PALETTE[2] as string },
      tooltip: [
        { field: 'split', type: 'nominal' },
        { field: 'epoch', type: 'quantitative' },
        { field: 'value', type: 'quantitative', format: '.3f' },
      ],
    },
  };
}

/** The empirical-Bayes prior variance after every step (log scale), and the step's loss. */
function stepsSpec(model: string, steps: StepPoint[]): Spec {
  // At most ~600 points: every k-th step.
  const every = Math.max(1, Math.ceil(steps.length / 600));
  const picked = steps.filter((_, i) => i % every === 0 || i === steps.length - 1);
  const hasPrior = picked.some((s) => s.priorVariance > 0);
  const panel = (field: 'priorVariance' | 'loss', title: string, log: boolean, color: string) => ({
    title,
    width: WIDTH,
    height: HEIGHT,
    transform: log ? [{ filter: `datum.${field} > 0` }] : [],
    mark: { type: 'line' as const, strokeWidth: 1.2 },
    encoding: {
      x: { field: 'step', type: 'quantitative' as const, title: 'step' },
      y: {
        field,
        type: 'quantitative' as const,
        title: field === 'loss' ? 'loss per pair' : 'σ²',
        scale: log ? { type: 'log' as const } : { zero: false },
      },
      color: { value: color },
      tooltip: [
        { field: 'step', type: 'quantitative' as const },
        { field, type: 'quantitative' as const, format: '.4~g' },
      ],
    },
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: 'Per step',
      subtitle: hasPrior
        ? 'prior variance σ² (mean over groups for a vector prior)'
        : 'no fitted prior variance',
    },
    description: `Prior variance and training loss after every step of ${model}.`,
    data: { values: picked },
    hconcat: [
      ...(hasPrior
        ? [panel('priorVariance', 'Prior variance σ² over steps', true, MODEL_PALETTE[1] as string)]
        : []),
      panel('loss', 'Loss of each step', false, MODEL_PALETTE[0] as string),
    ],
  } as Spec;
}

/** Splits long subtitle lines at `;` or spaces into lines of about `width` characters. */
function wrapLines(lines: readonly string[], width = 64): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let rest = line;
    while (rest.length > width) {
      const cut = Math.max(
        rest.lastIndexOf('; ', width),
        rest.lastIndexOf(', ', width),
        rest.lastIndexOf(' ', width),
      );
      if (cut <= 0) break;
      out.push(rest.slice(0, cut + 1).trim());
      rest = rest.slice(cut + 1).trim();
    }
    out.push(rest);
  }
  return out;
}

/** The spec with its subtitle wrapped (Vega sizes a chart to its longest title line). */
function narrow(spec: Spec): Spec {
  const title = (spec as { title?: unknown }).title;
  if (title && typeof title === 'object' && 'subtitle' in title) {
    const t = title as { text: string; subtitle: string | string[] };
    const subtitle = wrapLines(Array.isArray(t.subtitle) ? t.subtitle : [t.subtitle]);
    return { ...spec, title: { ...t, subtitle } } as Spec;
  }
  return spec;
}

const round = (x: number) => Number(x.toPrecision(3));

async function render(r: ChartRequest): Promise<string> {
  const quiet = { onWarning: () => {} };
  switch (r.chart) {
    case 'training': {
      const curves = narrow(
        trainingCurvesSpec([{ model: r.model, history: r.history }], { width: WIDTH, height: HEIGHT }),
      );
      const [a, b] = await Promise.all([
        renderSvg(curves, quiet),
        renderSvg(f1Spec(r.model, r.history, r.trainF1), quiet),
      ]);
      return `<div class="chart-part">${a}</div><div class="chart-part">${b}</div>`;
    }
    case 'steps':
      return renderSvg(stepsSpec(r.model, r.steps), quiet);
    case 'lambda':
      return renderSvg(
        narrow(
          snrHistogramSpec(
            { model: r.model, score: r.lambda.score, tensors: r.lambda.tensors },
            { threshold: r.threshold > 0 ? round(r.threshold) : undefined, bins: 30, width: 320, height: 48 },
          ),
        ),
        quiet,
      );
    case 'sweep': {
      const specs = lambdaCurvesSpecs([{ model: r.model, sweep: r.sweep }], { width: WIDTH, height: HEIGHT });
      const [a, b] = await Promise.all([renderSvg(specs.parameters, quiet), renderSvg(specs.f1, quiet)]);
      return `<div class="chart-part">${a}</div><div class="chart-part">${b}</div>`;
    }
  }
}

scope.onmessage = (e) => {
  const r = e.data;
  const t0 = performance.now();
  render(r).then(
    (svg) => scope.postMessage({ id: r.id, chart: r.chart, svg, ms: performance.now() - t0 }),
    (err: unknown) =>
      scope.postMessage({
        id: r.id,
        chart: r.chart,
        error: err instanceof Error ? err.message : String(err),
      }),
  );
};
