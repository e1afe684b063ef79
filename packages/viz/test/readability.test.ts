/**
 * The figures and the report as a reader sees them: colours that keep the rows apart (also for
 * colour-blind readers) and stay with a row across figures, no panel that is empty or squashed by
 * a constant, λ and tensors named for what they are, and contents that list every table.
 */
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  type EpochLike,
  type LabelledHistory,
  lambdaCurvesSpecs,
  MODEL_PALETTE,
  modelColors,
  renderSvg,
  reportHtml,
  snrHistogramSpec,
  TENSOR_LEGEND,
  trainingCurvesSpec,
} from '../src/index.js';
import { closestPairs, deltaE } from './colour.js';
import { fakeHistory, fakeLambdas, fakeSweep } from './fixtures.js';
import { checkHtml } from './html-check.js';
import { svgTexts as textElements } from './svg-marks.js';

/** Every line of text of an SVG: a multi-line `<text>` (its `<tspan>`s) gives one entry per line. */
function svgTexts(svg: string): string[] {
  return textElements(svg).flatMap((t) =>
    t.includes('<tspan') ? [...t.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1] as string) : [t],
  );
}

/** The RNN rows of vb-cli's table, in its order. */
const ROWS = [
  'RNN',
  'RNN + variational, I, I',
  'RNN + variational, D, I',
  'RNN + variational, D, D',
  'RNN + variational, D, G',
  'RNN + sparse VD, D, log-uniform',
];

async function strictRender(spec: TopLevelSpec): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
  expect(warnings).toEqual([]);
  return svg;
}

/** Legend entries of an SVG: label → the colour of its symbol. */
function legendColors(svg: string): Map<string, string> {
  const out = new Map<string, string>();
  const entry =
    /role-legend-symbol"[^>]*><path [^>]*?stroke="(#[0-9a-fA-F]{3,6})"[^>]*\/><\/g><g class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g;
  for (const m of svg.matchAll(entry)) out.set(m[2] as string, (m[1] as string).toLowerCase());
  return out;
}

/** A history of a run without a prior: KL 0, and the σ² = 1 the plain RNN reports. */
function plainHistory(epochs: number): EpochLike[] {
  return fakeHistory(epochs, -0.2).map((e) => ({ ...e, kl: 0, priorVariance: 1 }));
}

/** A log-uniform prior's history: a KL, but no variance (reported as 0). */
function logUniformHistory(epochs: number): EpochLike[] {
  return fakeHistory(epochs, 0.1).map((e) => ({ ...e, priorVariance: 0 }));
}

type Json = Record<string, unknown>;

/** Every colour encoding of a spec (at any depth): its domain and range. */
function colorScales(spec: unknown): Array<{ domain: string[]; range: string[] }> {
  const out: Array<{ domain: string[]; range: string[] }> = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      const color = (o.encoding as Json | undefined)?.color as Json | undefined;
      const scale = color?.scale as Json | undefined;
      if (color?.field === 'model' && scale)
        out.push({ domain: scale.domain as string[], range: scale.range as string[] });
      Object.values(o).forEach(walk);
    }
  };
  walk(spec);
  return out;
}

describe('model colours', () => {
  it('keeps every row of the table clearly apart, also under deuteranopia and protanopia', async () => {
    const sweeps = ROWS.map((model, i) => ({
      model,
      sweep: fakeSweep(model === 'RNN' ? 'magnitude' : 'snr', 0.3 + i / 100),
    }));
    // Colours as drawn: the legend of the F1 chart, without passing any colours.
    const drawn = legendColors(await strictRender(lambdaCurvesSpecs(sweeps).f1));
    const colors = ROWS.map((r) => drawn.get(r) as string);
    expect(colors.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(new Set(colors).size).toBe(ROWS.length);
    const closest = closestPairs(colors);
    // Before: Vega's Tableau10 gave (I, I) orange and (D, I) a red only ΔE 44 away, and (D, I)
    // and (D, G) a red and a green at ΔE ≈ 2 for a deuteranope.
    expect(closest.normal.delta).toBeGreaterThanOrEqual(30);
    expect(closest.deuteranopia.delta).toBeGreaterThanOrEqual(15);
    expect(closest.protanopia.delta).toBeGreaterThanOrEqual(15);
    const ii = drawn.get('RNN + variational, I, I') as string;
    const di = drawn.get('RNN + variational, D, I') as string;
    expect(deltaE(ii, di)).toBeGreaterThanOrEqual(60);
    expect(deltaE(ii, di, 'deuteranopia')).toBeGreaterThanOrEqual(40);
  });

  it('gives a row the same colour in every figure, whichever rows the figure has', async () => {
    const colors = modelColors(ROWS);
    // The λ charts without the plain RNN, the training curves with only three rows.
    const sweeps = ROWS.slice(2).map((model) => ({ model, sweep: fakeSweep('snr', 0.3) }));
    const histories: LabelledHistory[] = [
      { model: ROWS[0] as string, history: plainHistory(4) },
      { model: ROWS[3] as string, history: fakeHistory(4) },
      { model: ROWS[5] as string, history: logUniformHistory(4) },
    ];
    const lambdaLegend = legendColors(await strictRender(lambdaCurvesSpecs(sweeps, { colors }).f1));
    const trainingLegend = legendColors(await strictRender(trainingCurvesSpec(histories, { colors })));
    // (The training curves' other legend, NLL on training/validation, is not a model's.)
    for (const legend of [lambdaLegend, trainingLegend])
      for (const model of ROWS) if (legend.has(model)) expect(legend.get(model)).toBe(colors[model]);
    expect(trainingLegend.size).toBe(3 + 2);
    expect(lambdaLegend.size).toBe(4);
    expect(trainingLegend.get(ROWS[3] as string)).toBe(lambdaLegend.get(ROWS[3] as string));
    // The histograms have no legend: their scale maps each model to its colour.
    const hist = snrHistogramSpec([fakeLambdas(ROWS[4] as string, 1), fakeLambdas(ROWS[1] as string, 2)], {
      colors,
    });
    for (const { domain, range } of colorScales(hist))
      for (const [i, m] of domain.entries()) expect(range[i]).toBe(colors[m]);
    // Without `colors`, the palette in input order.
    expect(modelColors(['x', 'y'])).toEqual({ x: MODEL_PALETTE[0], y: MODEL_PALETTE[1] });
    // A colour pinned to a model is not handed to another.
    const pinned = modelColors(['x', 'y'], { y: MODEL_PALETTE[0] as string });
    expect(pinned.x).not.toBe(pinned.y);
  });
});

describe('training curves', () => {
  it('leaves the plain RNN (σ² = 1) and the log-uniform prior (σ² = 0) out of the σ² panel, and says so', async () => {
    const histories: LabelledHistory[] = [
      { model: 'RNN', history: plainHistory(4) },
      { model: 'vb', history: fakeHistory(4) },
      { model: 'log-uniform', history: logUniformHistory(4) },
    ];
    const spec = trainingCurvesSpec(histories);
    const rows = (spec as { data: { values: Array<{ panel: string; model: string }> } }).data.values;
    expect(new Set(rows.filter((r) => r.panel === 'priorVariance').map((r) => r.model))).toEqual(
      new Set(['vb']),
    );
    const svg = await strictRender(spec);
    const texts = svgTexts(svg);
    expect(texts).toContain('not shown (no fitted σ²): RNN; log-uniform');
    expect(texts).toContain('not shown (no KL): RNN');
    // The σ² axis spans the fitted variances (0.5 … 0.38), not 0 … 1.
    const sigmaTicks = texts.filter((t) => /^0\.\d+$/.test(t)).map(Number);
    expect(Math.max(...sigmaTicks)).toBeLessThan(1);
    expect(texts.some((t) => /ELBO/.test(t) && !/negative ELBO/.test(t))).toBe(false);
  });

  it('draws no KL or σ² panel (and no warning) when no run has a prior, and says why', async () => {
    const spec = trainingCurvesSpec([{ model: 'RNN', seed: 1, history: plainHistory(3) }]);
    const svg = await strictRender(spec);
    const texts = svgTexts(svg);
    expect(texts).not.toContain('KL(q‖p)');
    expect(texts).not.toContain('Prior variance σ²');
    expect(texts).toContain('Training loss per pair');
    expect(texts).toContain('no KL or prior variance σ² panel: no run here has a prior (a KL term)');
    expect(texts).toContain('loss: NLL + L2 penalty per pair');
  });

  it('draws no σ² panel when only a log-uniform prior runs', async () => {
    const svg = await strictRender(trainingCurvesSpec([{ model: 'svd', history: logUniformHistory(3) }]));
    const texts = svgTexts(svg);
    expect(texts).toContain('KL(q‖p)');
    expect(texts).not.toContain('Prior variance σ²');
  });
});

describe('λ histograms', () => {
  it('labels λ per column: |m| for the plain RNN, |m|/s for a variational row', async () => {
    const svg = await strictRender(
      snrHistogramSpec([
        { ...fakeLambdas('RNN', 1), score: 'magnitude' },
        { ...fakeLambdas('RNN + variational, D, I', 2), score: 'snr' },
      ]),
    );
    const texts = svgTexts(svg);
    expect(texts).toContain('λ = |m|');
    expect(texts).toContain('λ = |m|/s');
    expect(texts).toContain('λ (log-spaced bins; see each column)');
    expect(texts).not.toContain('λ = |m|/s (log-spaced bins)');
  });

  it('says λ = |m| on the axis when every column is by magnitude', async () => {
    const texts = svgTexts(
      await strictRender(snrHistogramSpec({ ...fakeLambdas('RNN'), score: 'magnitude' })),
    );
    expect(texts).toContain('λ = |m| (log-spaced bins)');
    expect(texts.join('\n')).not.toContain('|m|/s');
  });

  it('explains the tensor names W, U, b, V, c where they appear', async () => {
    const texts = svgTexts(await strictRender(snrHistogramSpec([fakeLambdas('a', 1), fakeLambdas('b', 2)])));
    for (const t of [
      'W: input → hidden',
      'U: hidden → hidden',
      'b: hidden bias',
      'V: hidden → class (head)',
      'c: class bias',
      TENSOR_LEGEND,
    ])
      expect(texts).toContain(t);
    expect(TENSOR_LEGEND).toMatch(/GRU\/LSTM: W, U, b hold one block per gate/);
  });

  it('keeps the columns aligned when a model has no binned λ in a tensor', async () => {
    const empty = fakeLambdas('zeros', 3);
    const spec = snrHistogramSpec([
      fakeLambdas('a', 1),
      { ...empty, tensors: { ...empty.tensors, c: [0, 0, 0] } },
    ]);
    await strictRender(spec);
    const values = (spec as { data: { values: Array<{ model: string; tensor: string; count: number }> } })
      .data.values;
    expect(values.filter((v) => v.model === 'zeros' && v.tensor === 'c')).toEqual([
      expect.objectContaining({ count: 0 }),
    ]);
  });
});

describe('report contents', () => {
  it('lists and links every table (summary and tables) and every figure', async () => {
    const html = await reportHtml({
      title: 'r',
      summary: {
        markdown:
          'Intro.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n### Pruning *by* τ\n\nText.\n\n| c |\n|---|\n| 3 |\n',
      },
      tables: [{ caption: 'Summary <of> sweeps', columns: ['x'], rows: [[1]] }],
      specs: [
        { title: 'F1 vs λ', spec: lambdaCurvesSpecs([{ model: 'm', sweep: fakeSweep('snr', 0.3) }]).f1 },
      ],
    });
    expect(checkHtml(html).problems).toEqual([]);
    const nav = /<nav aria-label="Contents">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    const links = [...nav.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['table-1', 'Table 1'],
      ['table-2', 'Pruning by τ'],
      ['table-3', 'Summary &lt;of&gt; sweeps'],
      ['fig-1', 'F1 vs λ'],
    ]);
    expect(nav).toContain('<p class="toc-head">Tables</p>');
    expect(nav).toContain('<p class="toc-head">Figures</p>');
    // Every link has its target: the table, the heading over it, the figure.
    expect(html).toContain('<table id="table-1">');
    expect(html).toContain('<h3 id="table-2">Pruning <em>by</em> τ</h3>');
    expect(html).toContain('<div class="table" id="table-3">');
    expect(html).toContain('<figure id="fig-1"');
  });
});
