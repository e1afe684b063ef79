/**
 * The sweep's report, figures and terminal output as a reader sees them: distinct colours that stay
 * with a row, no flattened or empty panel, λ and tensors named for what they are, contents listing
 * the tables, a progress line that says "loss" and which κ candidate it is at, `-q` that hides the
 * progress but not the table, and no Vega warning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';
import { closestPairs, deltaE } from '../../viz/test/colour.js';
import { tempDir, vb } from './cli.js';

const FAST = ['--tune', 'off', '--epochs', '2', '--hidden', '4', '--thresholds', '4', '--jobs', '2'];
const RNN = 'RNN';
const II = 'RNN + variational, I, I';
const DI = 'RNN + variational, D, I';

/** The text of every `<text>` of an SVG, one entry per line of a multi-line one, unescaped. */
function svgTexts(svg: string): string[] {
  const unescapeXml = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b(?:[^>]*[^/>])?>(.*?)<\/text>/gs)].flatMap((m) => {
    const t = m[1] as string;
    return (
      t.includes('<tspan') ? [...t.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((x) => x[1] as string) : [t]
    ).map(unescapeXml);
  });
}

/** The Vega-Lite specs embedded in report.html. */
function reportSpecs(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/json" id="spec-fig-\d+">\n(.*?)\n<\/script>/gs)].map(
    (m) => JSON.parse(m[1] as string),
  );
}

/** Every model colour scale of a spec: model → colour. */
function modelScales(spec: unknown): Array<Map<string, string>> {
  const out: Array<Map<string, string>> = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      const color = (o.encoding as Record<string, unknown> | undefined)?.color as
        | Record<string, unknown>
        | undefined;
      const scale = color?.scale as { domain?: string[]; range?: string[] } | undefined;
      if (color?.field === 'model' && scale?.domain)
        out.push(new Map(scale.domain.map((m, i) => [m, scale.range?.[i] as string])));
      Object.values(o).forEach(walk);
    }
  };
  walk(spec);
  return out;
}

/** A stream that keeps what is written to it (a TTY when `tty`). */
function sink(tty: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (tty) {
    stream.isTTY = true;
    stream.columns = 220;
  }
  return { stream: stream as unknown as typeof process.stderr, text: () => chunks.join('') };
}

describe('progress', () => {
  const epochs = (p: ReturnType<typeof createProgress>) => {
    p.start('r', 'RNN + variational, D, I (seed 1)', 9);
    let done = 0;
    for (const kappa of [1, 0.3, 0.1])
      for (let e = 1; e <= 3; e++)
        p.update('r', ++done, {
          loss: 2 - done / 10,
          valF1: 0.3,
          candidate: `rnn/last n=8 lr=0.01 κ=${kappa}`,
        });
    p.finish('r', 'macro-F1 0.300 in 1.0 s');
    p.stop();
  };

  it('plain: names the loss "loss" and gives each κ candidate its number, κ and its own epochs', () => {
    const s = sink(false);
    epochs(createProgress('plain', s.stream));
    const lines = s.text().split('\n');
    expect(s.text()).not.toMatch(/ELBO/);
    expect(lines).toContain(
      '[RNN + variational, D, I (seed 1)] candidate 1 (rnn/last n=8 lr=0.01 κ=1) epoch 1 · 1/9 epochs in all: loss/pair 1.9000, val F1 0.300',
    );
    // The fourth epoch of the run is the first of the second candidate (κ = 0.3).
    expect(lines).toContain(
      '[RNN + variational, D, I (seed 1)] candidate 2 (rnn/last n=8 lr=0.01 κ=0.3) epoch 1 · 4/9 epochs in all: loss/pair 1.6000, val F1 0.300',
    );
    expect(lines).toContain(
      '[RNN + variational, D, I (seed 1)] candidate 3 (rnn/last n=8 lr=0.01 κ=0.1) epoch 3 · 9/9 epochs in all: loss/pair 1.1000, val F1 0.300',
    );
    // No candidate epoch runs past the candidate's own epochs.
    expect(s.text()).not.toMatch(/\) epoch [4-9]/);
  });

  it('plain: a run with one candidate counts its epochs against its total', () => {
    const s = sink(false);
    const p = createProgress('plain', s.stream);
    p.start('r', 'RNN (seed 1)', 3);
    p.update('r', 2, { loss: 1.5 });
    expect(s.text()).toContain('[RNN (seed 1)] epoch 2/3: loss/pair 1.5000');
  });

  it('TTY: the bar says "loss" and shows the κ candidate with its own epoch', () => {
    const s = sink(true);
    epochs(createProgress('tty', s.stream));
    const text = s.text();
    expect(text).toContain('loss 1.1000');
    expect(text).toContain('9/9 epochs in all | candidate 3 (rnn/last n=8 lr=0.01 κ=0.1) epoch 3');
    expect(text).not.toMatch(/ELBO/);
  });
});

describe('sweep --rows RNN -q', () => {
  let out = '';
  let r: ReturnType<typeof vb>;
  beforeAll(() => {
    out = tempDir();
    r = vb(['sweep', '--rows', RNN, '-q', '--out', out, ...FAST]);
  });

  it('prints the table but no progress, and no Vega warning', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('| classifier | macro-F1 |');
    expect(r.stdout).toMatch(/\| RNN \| \d\.\d{3} \|/);
    expect(r.stdout).not.toContain('Stage times');
  });

  it('draws no empty KL or prior-variance panel, and the report says why', () => {
    const texts = svgTexts(readFileSync(join(out, 'training-curves.svg'), 'utf8'));
    expect(texts).not.toContain('KL(q‖p)');
    expect(texts).not.toContain('Prior variance σ²');
    expect(texts).toContain('no KL or prior variance σ² panel: no run here has a prior (a KL term)');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(
      'There is no KL or prior-variance panel: no row here has a prior (the plain RNN is trained with an L2 penalty instead).',
    );
  });

  it('labels the plain RNN’s λ as |m|, not |m|/s', () => {
    const texts = svgTexts(readFileSync(join(out, 'lambda-histograms.svg'), 'utf8'));
    expect(texts).toContain('λ = |m| (log-spaced bins)');
    expect(texts.join('\n')).not.toContain('|m|/s');
  });
});

describe('sweep report with the plain RNN, (I, I) and (D, I)', () => {
  let out = '';
  let html = '';
  beforeAll(() => {
    out = tempDir();
    const r = vb(['sweep', '--rows', `${RNN},${II},${DI}`, '--kl-weights', '1', '-q', '--out', out, ...FAST]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    html = readFileSync(join(out, 'report.html'), 'utf8');
  });

  it('gives each row one colour, the same in every figure, and (I, I) and (D, I) clearly different ones', () => {
    const colour = new Map<string, string>();
    let scales = 0;
    for (const spec of reportSpecs(html))
      for (const scale of modelScales(spec)) {
        scales++;
        for (const [model, c] of scale) {
          expect(c, model).toMatch(/^#[0-9a-f]{6}$/);
          expect(colour.get(model) ?? c, `${model} changes colour between figures`).toBe(c);
          colour.set(model, c);
        }
      }
    expect(scales).toBeGreaterThanOrEqual(6);
    expect([...colour.keys()].sort()).toEqual([RNN, DI, II].sort());
    const ii = colour.get(II) as string;
    const di = colour.get(DI) as string;
    // Before: Tableau10's orange and red, ΔE 44 (36 for a deuteranope); now orange and blue.
    expect(deltaE(ii, di)).toBeGreaterThanOrEqual(60);
    expect(deltaE(ii, di, 'deuteranopia')).toBeGreaterThanOrEqual(40);
    const closest = closestPairs([...colour.values()]);
    expect(closest.normal.delta).toBeGreaterThanOrEqual(30);
    expect(closest.deuteranopia.delta).toBeGreaterThanOrEqual(15);
    expect(closest.protanopia.delta).toBeGreaterThanOrEqual(15);
  });

  it('leaves the plain RNN out of the prior-variance panel, saying so', () => {
    const svg = readFileSync(join(out, 'training-curves.svg'), 'utf8');
    const texts = svgTexts(svg);
    expect(texts).toContain('Prior variance σ²');
    expect(texts).toContain('not shown (no fitted σ²): RNN');
    const training = reportSpecs(html).find(
      (s) => (s as { title?: { text?: string } }).title?.text === 'Training curves',
    ) as {
      data: { values: Array<{ panel: string; model: string }> };
    };
    const inPanel = new Set(
      training.data.values.filter((v) => v.panel === 'priorVariance').map((v) => v.model),
    );
    expect(inPanel).toEqual(new Set([II, DI]));
    expect(html).toContain(
      'the prior-variance panel only the rows with a fitted Gaussian prior (not the plain RNN',
    );
  });

  it('labels λ per row in the histograms and explains the tensors W, U, b, V, c', () => {
    const texts = svgTexts(readFileSync(join(out, 'lambda-histograms.svg'), 'utf8'));
    // Column headers: the row, then its λ.
    expect(texts.filter((t) => t === 'λ = |m|')).toHaveLength(1);
    expect(texts.filter((t) => t === 'λ = |m|/s')).toHaveLength(2);
    expect(texts).toContain('λ (log-spaced bins; see each column)');
    for (const t of [
      'W: input → hidden',
      'U: hidden → hidden',
      'b: hidden bias',
      'V: hidden → class (head)',
      'c: class bias',
    ])
      expect(texts).toContain(t);
    expect(html).toContain(
      'W input → hidden (word vector to hidden units), U hidden → hidden (the recurrence), b hidden bias, V hidden → class',
    );
    expect(html).toContain('(GRU: r, z, n; LSTM: i, f, g, o)');
  });

  it('lists and links the tables in the contents, as well as the figures', () => {
    const nav = /<nav aria-label="Contents">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    const links = [...nav.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => ({
      id: m[1] as string,
      label: m[2] as string,
    }));
    const tables = links.filter((l) => l.id.startsWith('table-'));
    expect(tables[0]).toEqual({ id: 'table-1', label: 'Results per row (test split)' });
    expect(tables.map((t) => t.label)).toContain('KL weight κ chosen on validation');
    expect(tables.length).toBeGreaterThanOrEqual(5);
    expect(links.filter((l) => l.id.startsWith('fig-')).map((l) => l.label)).toContain('Training curves');
    for (const { id } of links) expect(html).toContain(` id="${id}"`);
    // Each table link points at the heading over its table.
    expect(html).toContain('<h3 id="table-1">Results per row (test split)</h3>\n<table>');
  });
});

describe('sweep --help', () => {
  it('says -q hides the progress, not the table', () => {
    const help = vb(['sweep', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('-q, --quiet no progress, stage times or file list; the table still prints');
  });
});
