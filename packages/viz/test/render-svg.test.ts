import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import {
  type LabelledSweep,
  lambdaCurvesSpecs,
  renderSvg,
  scopeSvgIds,
  snrHistogramSpec,
  trainingCurvesSpec,
} from '../src/index.js';
import { fakeHistories, fakeHistory, fakeLambdas, fakeSweep, fakeSweeps } from './fixtures.js';
import { countMarks, svgTexts } from './svg-marks.js';

function strictRender(spec: TopLevelSpec) {
  const warnings: string[] = [];
  return renderSvg(spec, { onWarning: (m) => warnings.push(m) }).then((svg) => {
    expect(warnings).toEqual([]);
    return svg;
  });
}

describe('renderSvg', () => {
  it('renders in Node without the canvas package (text widths estimated)', async () => {
    await expect(import('canvas' as string)).rejects.toThrow();
    const svg = await strictRender(lambdaCurvesSpecs(fakeSweeps()).f1);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
  });

  it('draws the three λ curves with their axis titles, one line and one unpruned rule per model', async () => {
    const specs = lambdaCurvesSpecs(fakeSweeps());
    const expectTitles: Record<'parameters' | 'f1' | 'likelihood', string> = {
      parameters: 'kept parameters',
      f1: 'macro-F1 (6 classes)',
      likelihood: 'mean log-likelihood per pair',
    };
    for (const [name, yTitle] of Object.entries(expectTitles)) {
      const svg = await strictRender(specs[name as keyof typeof expectTitles]);
      const texts = svgTexts(svg);
      expect(texts).toContain(yTitle);
      expect(texts).toContain('pruning threshold τ (log scale)');
      expect(texts).toContain('SNR λ = |m|/s');
      expect(texts).toContain('magnitude λ = |m|');
      for (const m of ['RNN + variational (D, I)', 'RNN + variational (I, I)', 'RNN (magnitude)'])
        expect(texts).toContain(m);
      expect(countMarks(svg, 'line')).toBe(3);
      expect(countMarks(svg, 'rule')).toBe(3);
    }
  });

  it('draws one line per model and seed', async () => {
    const sweeps: LabelledSweep[] = [1, 2, 3].flatMap((seed) => [
      { model: 'D, I', seed, sweep: fakeSweep('snr', 0.33 + seed / 100) },
      { model: 'I, I', seed, sweep: fakeSweep('snr', 0.31 + seed / 100) },
    ]);
    const specs = lambdaCurvesSpecs(sweeps);
    const svg = await strictRender(specs.f1);
    expect(countMarks(svg, 'line')).toBe(6);
    expect(svgTexts(svg)).toContain('pruning threshold τ on SNR λ = |m|/s (log scale)');
    expect(countMarks(await strictRender(specs.tradeoff), 'line')).toBe(6);
  });

  it('draws the trade-off with SNR and magnitude on one chart', async () => {
    const sweeps: LabelledSweep[] = [
      { model: 'RNN + variational (D, I)', sweep: fakeSweep('snr', 0.33) },
      { model: 'RNN + variational (D, I)', sweep: fakeSweep('magnitude', 0.33) },
      { model: 'RNN (magnitude)', sweep: fakeSweep('magnitude', 0.36) },
    ];
    const svg = await strictRender(lambdaCurvesSpecs(sweeps).tradeoff);
    const texts = svgTexts(svg);
    expect(texts).toContain('fraction of weights kept');
    expect(texts).toContain('pruned by');
    expect(countMarks(svg, 'line')).toBe(3);
    // Two of the lines are dashed (magnitude).
    const lines = [...svg.matchAll(/<g class="mark-line role-mark[^>]*>(.*?)<\/g>/gs)].flatMap(
      (m) => (m[1] as string).match(/<path [^>]*>/g) ?? [],
    );
    const dashes = lines.map((p) => /stroke-dasharray="([^"]*)"/.exec(p)?.[1]);
    expect(dashes.filter((d) => d !== undefined && d !== '1,0')).toHaveLength(2);
  });

  it('draws the training panels: one line per model in each, training and validation NLL', async () => {
    const svg = await strictRender(trainingCurvesSpec(fakeHistories()));
    const texts = svgTexts(svg);
    for (const t of [
      'Training loss per pair',
      'KL(q‖p)',
      'Prior variance σ²',
      'epoch',
      'NLL per pair',
      'validation',
    ]) {
      expect(texts).toContain(t);
    }
    // 2 models × (loss + NLL training + NLL validation + KL + σ²).
    expect(countMarks(svg, 'line')).toBe(10);
  });

  it('shows a single-epoch history as points', async () => {
    const svg = await strictRender(trainingCurvesSpec([{ model: 'm', history: fakeHistory(1) }]));
    expect(countMarks(svg, 'symbol')).toBe(5);
  });

  it('draws one bar per non-empty bin of each tensor and model', async () => {
    const spec = snrHistogramSpec([fakeLambdas('a', 1), fakeLambdas('b', 2)], { bins: 20, threshold: 1 });
    const svg = await strictRender(spec);
    const rows = (spec as { data: { values: unknown[] } }).data.values.length;
    expect(countMarks(svg, 'rect')).toBe(rows);
    expect(countMarks(svg, 'rule')).toBe(10);
    const texts = svgTexts(svg);
    for (const t of [
      'W: input → hidden',
      'U: hidden → hidden',
      'b: hidden bias',
      'V: hidden → class (head)',
      'c: class bias',
      'a',
      'b',
      'share of weights',
      'λ = |m|/s (log-spaced bins)',
    ])
      expect(texts).toContain(t);
  });

  it('keeps a model name inert: escaped in the SVG, shown as written', async () => {
    const name = '<script>alert("x")</script> & co';
    const svg = await strictRender(lambdaCurvesSpecs([{ model: name, sweep: fakeSweep('snr', 0.3) }]).f1);
    expect(svg).not.toContain('<script');
    expect(svgTexts(svg)).toContain(name);
  });

  it('loads nothing: a spec with a data URL fails with a clear message', async () => {
    const spec: TopLevelSpec = { data: { url: 'https://example.org/data.json' }, mark: 'point' };
    await expect(renderSvg(spec, { onWarning: () => {} })).rejects.toThrow(/renders offline/);
  });

  it('hands compiler warnings to onWarning', async () => {
    const spec: TopLevelSpec = {
      data: { values: [{ x: 1 }] },
      mark: 'bar',
      encoding: { x: { field: 'x', type: 'nominal', scale: { type: 'log' } } },
    };
    const warnings: string[] = [];
    await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
    expect(warnings.join('\n')).toMatch(/"log" scale/);
  });

  it('scales the output', async () => {
    const spec = lambdaCurvesSpecs(fakeSweeps()).tradeoff;
    const size = (svg: string) => Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    const one = await strictRender(spec);
    const two = await renderSvg(spec, { scale: 2 });
    expect(size(two)).toBeCloseTo(2 * size(one), 6);
  });
});

describe('scopeSvgIds', () => {
  it('prefixes ids and every reference to them, and nothing else', () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath><linearGradient id="g"/></defs>' +
      '<g clip-path="url(#clip1)" fill="url(#g)"><use href="#clip1"/><a href="#other"/></g></svg>';
    expect(scopeSvgIds(svg, 'fig-2')).toBe(
      '<svg><defs><clipPath id="fig-2-clip1"><rect/></clipPath><linearGradient id="fig-2-g"/></defs>' +
        '<g clip-path="url(#fig-2-clip1)" fill="url(#fig-2-g)"><use href="#fig-2-clip1"/><a href="#other"/></g></svg>',
    );
  });
});
