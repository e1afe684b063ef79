import { describe, expect, it } from 'vitest';
import {
  compileSpec,
  histogramData,
  lambdaCurvesSpecs,
  overfittingSpec,
  snrHistogramSpec,
  sparsityTradeoffSpec,
  sweepRows,
  trainingCurvesSpec,
  trainingRows,
  VEGA_LITE_SCHEMA,
} from '../src/index.js';
import { fakeHistories, fakeHistory, fakeLambdas, fakeSweep, fakeSweeps } from './fixtures.js';

// Loose views of a spec, for reading back what a builder produced.
type Json = Record<string, unknown>;
const obj = (x: unknown) => x as Json;
const values = (spec: unknown) => obj(obj(spec).data).values as Json[];

function allSpecs() {
  const curves = lambdaCurvesSpecs(fakeSweeps());
  return {
    ...curves,
    paraphraseF1: lambdaCurvesSpecs(fakeSweeps(), { f1: 'paraphrase' }).f1,
    snrOnly: lambdaCurvesSpecs([{ model: 'D, I', sweep: fakeSweep('snr', 0.33) }]).likelihood,
    training: trainingCurvesSpec(fakeHistories()),
    overfitting: overfittingSpec(fakeHistories()),
    overfittingOneSeed: overfittingSpec([{ model: 'RNN', seed: 1, history: fakeHistory(5) }, { model: 'D, I', seed: 1, history: fakeHistory(5) }]),
    histogram: snrHistogramSpec(fakeLambdas(), { threshold: 0.5 }),
    histograms: snrHistogramSpec([fakeLambdas('a', 1), fakeLambdas('b', 2), fakeLambdas('a', 3)]),
  };
}

describe('spec builders', () => {
  it.each(Object.entries(allSpecs()))('%s compiles to Vega without warnings', (_, spec) => {
    const { vega, warnings } = compileSpec(spec);
    expect(warnings).toEqual([]);
    expect(vega.marks?.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(allSpecs()))('%s is plain JSON with the Vega-Lite v6 schema', (_, spec) => {
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(obj(spec).$schema).toBe(VEGA_LITE_SCHEMA);
  });

  it('does not modify a spec while compiling it', () => {
    const spec = lambdaCurvesSpecs(fakeSweeps()).f1;
    const before = JSON.stringify(spec);
    compileSpec(spec);
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('lambdaCurvesSpecs', () => {
  it('puts SNR and magnitude sweeps in separate columns with independent x scales', () => {
    const { parameters } = lambdaCurvesSpecs(fakeSweeps());
    const spec = obj(parameters);
    expect(obj(obj(spec.facet).column).field).toBe('scoreLabel');
    expect(spec.resolve).toEqual({ scale: { x: 'independent' } });
  });

  it('is a plain layered chart when all sweeps share one score', () => {
    const spec = obj(lambdaCurvesSpecs([{ model: 'm', sweep: fakeSweep('snr', 0.3) }]).f1);
    expect(spec.facet).toBeUndefined();
    const [line, rule] = spec.layer as Json[];
    // τ > 0 on the log axis; τ = 0 as the dashed reference rule.
    expect(obj(line).transform).toContainEqual({ filter: 'datum.threshold > 0' });
    expect(obj(obj(obj(line).encoding).x).scale).toEqual({ type: 'log' });
    expect(obj(rule).transform).toContainEqual({ filter: 'datum.threshold === 0' });
    expect(obj(obj(rule).mark).type).toBe('rule');
  });

  it('plots the chosen metric', () => {
    const yField = (s: unknown) => obj(obj(obj((obj(obj(s).spec).layer as Json[])[0]).encoding).y).field;
    const specs = lambdaCurvesSpecs(fakeSweeps());
    expect(yField(specs.parameters)).toBe('kept');
    expect(yField(specs.f1)).toBe('macroF1');
    expect(yField(specs.likelihood)).toBe('meanLogLikelihood');
    expect(yField(lambdaCurvesSpecs(fakeSweeps(), { f1: 'paraphrase' }).f1)).toBe('paraphraseF1');
  });

  it('carries one row per sweep point, with the numbers of the input', () => {
    const sweeps = fakeSweeps();
    const rows = values(lambdaCurvesSpecs(sweeps).likelihood);
    expect(rows).toHaveLength(sweeps.reduce((n, s) => n + s.sweep.points.length, 0));
    const p = sweeps[2]?.sweep.points[3];
    const row = rows.find((r) => r.model === 'RNN (magnitude)' && r.threshold === p?.threshold);
    expect(row).toMatchObject({
      score: 'magnitude',
      kept: p?.kept,
      keptFraction: p?.keptFraction,
      meanLogLikelihood: p?.metrics.meanLogLikelihood,
      macroF1: p?.metrics.macroF1,
    });
  });

  it('keeps one colour per model across charts, in input order', () => {
    const specs = lambdaCurvesSpecs(fakeSweeps());
    const domain = (s: unknown) => {
      const unit = obj(s).layer ? obj(s) : obj(s).spec ? obj(obj(s).spec) : obj(s);
      const enc = unit.layer ? obj((unit.layer as Json[])[0]).encoding : unit.encoding;
      return obj(obj(obj(enc).color).scale).domain;
    };
    const expected = ['RNN + variational (D, I)', 'RNN + variational (I, I)', 'RNN (magnitude)'];
    for (const s of Object.values(specs)) expect(domain(s)).toEqual(expected);
  });
});

describe('sweepRows', () => {
  it('sorts points by threshold, turns non-finite metrics into null and keys series by model, score, seed', () => {
    const sweep = fakeSweep('snr', 0.3, 4);
    const points = [...sweep.points].reverse();
    points[1] = {
      ...points[1],
      metrics: { ...points[1]?.metrics, meanLogLikelihood: Number.NaN, paraphrase: null },
    } as never;
    const rows = sweepRows([{ model: 'm', seed: 2, sweep: { ...sweep, points } }]);
    expect(rows.map((r) => r.threshold)).toEqual(
      [...sweep.points.map((p) => p.threshold)].sort((a, b) => a - b),
    );
    expect(rows.some((r) => r.meanLogLikelihood === null)).toBe(true);
    expect(rows.some((r) => r.paraphraseF1 === null)).toBe(true);
    expect(new Set(rows.map((r) => r.series))).toEqual(new Set(['m · snr · seed 2']));
    expect(rows[0]?.seed).toBe('2');
  });
});

describe('sparsityTradeoffSpec', () => {
  it('draws every model and both scores on one kept-fraction axis', () => {
    const spec = obj(sparsityTradeoffSpec(fakeSweeps()));
    const enc = obj(spec.encoding);
    expect(obj(enc.x).field).toBe('keptFraction');
    expect(obj(enc.strokeDash).field).toBe('scoreLabel');
    expect(obj(obj(enc.strokeDash).scale).domain).toEqual(['SNR λ = |m|/s', 'magnitude λ = |m|']);
  });
});

describe('trainingCurvesSpec', () => {
  it('has four panels: loss, NLL (training and validation), KL, prior variance', () => {
    const spec = obj(trainingCurvesSpec(fakeHistories()));
    const panels = (spec.concat as Json[]).map((p) => obj((obj(p).transform as Json[])[0]).filter);
    expect(panels.map((f) => obj(f).equal)).toEqual(['loss', 'nll', 'kl', 'priorVariance']);
    const nll = obj((spec.concat as Json[])[1]);
    expect(obj(obj(nll.encoding).strokeDash).field).toBe('split');
  });

  it('has training and validation NLL per epoch, and leaves out an all-zero KL', () => {
    const plain = fakeHistory(3).map((e) => ({ ...e, kl: 0, validation: undefined }));
    const rows = trainingRows([
      { model: 'vb', history: fakeHistory(3) },
      { model: 'plain', history: plain },
    ]);
    const count = (model: string, panel: string, split: string) =>
      rows.filter((r) => r.model === model && r.panel === panel && r.split === split).length;
    expect(count('vb', 'nll', 'training')).toBe(3);
    expect(count('vb', 'nll', 'validation')).toBe(3);
    expect(count('vb', 'kl', 'training')).toBe(3);
    expect(count('plain', 'kl', 'training')).toBe(0);
    expect(count('plain', 'nll', 'validation')).toBe(0);
    const e2 = fakeHistory(3)[1];
    expect(
      rows.find((r) => r.model === 'vb' && r.epoch === 2 && r.panel === 'nll' && r.split === 'validation')
        ?.value,
    ).toBe(e2?.validation?.nll);
  });

  it('drops non-finite values', () => {
    const h = fakeHistory(2);
    h[0] = { ...(h[0] as (typeof h)[number]), loss: Number.POSITIVE_INFINITY };
    expect(trainingRows([{ model: 'm', history: h }]).filter((r) => r.panel === 'loss')).toHaveLength(1);
  });
});

describe('overfittingSpec', () => {
  it('has one column per model (in input order) with training and validation NLL only', () => {
    const spec = obj(overfittingSpec([
      { model: 'RNN', seed: 1, history: fakeHistory(4) },
      { model: 'RNN + variational, D, I', seed: 1, history: fakeHistory(4) },
      { model: 'RNN', seed: 2, history: fakeHistory(4) },
    ]));
    const column = obj(obj(spec.facet).column);
    expect(column.field).toBe('model');
    expect(column.sort).toEqual(['RNN', 'RNN + variational, D, I']);
    const rows = values(spec);
    expect(new Set(rows.map((r) => r.panel))).toEqual(new Set(['nll']));
    expect(new Set(rows.map((r) => r.split))).toEqual(new Set(['training', 'validation']));
    expect(rows).toHaveLength(3 * 4 * 2);
    // Mean line over seeds and a ± std band.
    const layers = obj(spec.spec).layer as Json[];
    expect(obj(layers[0]?.mark).extent).toBe('stdev');
    expect(obj(obj(layers[1]?.encoding).y).aggregate).toBe('mean');
  });

  it('draws no ± std band when every model has a single seed (a band of one run is undefined)', () => {
    const spec = obj(overfittingSpec([{ model: 'RNN', seed: 1, history: fakeHistory(4) }]));
    const layers = obj(spec.spec).layer as Json[];
    expect(layers).toHaveLength(1);
    expect(obj(layers[0]?.mark).type).toBe('line');
    expect(String(spec.title)).not.toContain('±');
  });
});

describe('snrHistogramSpec', () => {
  it('counts every weight once: binned + zeros = all', () => {
    const l = fakeLambdas();
    const data = histogramData([l], 25);
    const total = Object.values(l.tensors).reduce((n, t) => n + t.length, 0);
    expect(data.rows.reduce((n, r) => n + r.count, 0) + data.zeros).toBe(total);
    expect(data.zeros).toBe(1);
    expect(data.tensors).toEqual(['W', 'U', 'b', 'V', 'c']);
    for (const t of data.tensors) {
      const share = data.rows.filter((r) => r.tensor === t).reduce((s, r) => s + r.fraction, 0);
      expect(share).toBeCloseTo(t === 'W' ? 59 / 60 : 1, 10);
    }
  });

  it('pools entries of one model (e.g. seeds) and keeps models apart', () => {
    const data = histogramData([fakeLambdas('a', 1), fakeLambdas('b', 2), fakeLambdas('a', 3)], 10);
    const weights = (m: string) => data.rows.find((r) => r.model === m && r.tensor === 'U')?.weights;
    expect(weights('a')).toBe(72);
    expect(weights('b')).toBe(36);
  });

  it('says in the subtitle how many λ = 0 are not shown, and draws the threshold rule', () => {
    const spec = obj(snrHistogramSpec(fakeLambdas(), { threshold: 0.5 }));
    expect(JSON.stringify(obj(spec.title).subtitle)).toContain('not shown: 1 weight with λ = 0');
    const layers = (s: unknown) => obj(obj((obj(s).vconcat as Json[])[0]).spec).layer as Json[];
    expect(layers(spec).length).toBe(2);
    expect(layers(snrHistogramSpec(fakeLambdas())).length).toBe(1);
  });
});
