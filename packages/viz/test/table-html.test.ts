import { describe, expect, it } from 'vitest';
import { formatCell, prunable, sweepSummaryTable, tableHtml } from '../src/index.js';
import { fakeSweep, fakeSweeps } from './fixtures.js';

describe('formatCell', () => {
  it('formats integers, decimals, tiny and missing values', () => {
    expect(formatCell(30000)).toBe('30,000');
    expect(formatCell(0.33041)).toBe('0.330');
    expect(formatCell(-1.23456, 2)).toBe('-1.23');
    expect(formatCell(1.5e-5)).toBe('1.50e-5');
    expect(formatCell(Number.NaN)).toBe('—');
    expect(formatCell(null)).toBe('—');
    expect(formatCell(undefined)).toBe('—');
    expect(formatCell('text')).toBe('text');
  });
});

describe('tableHtml', () => {
  it('escapes every cell and header, and right-aligns numeric columns', () => {
    const html = tableHtml({
      caption: 'a <caption>',
      columns: ['<model>', 'F1', 'share'],
      rows: [
        ['<script>alert(1)</script>', 0.33, '12.5%'],
        ['b & c', null, '50%'],
      ],
      note: 'note "x"',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('<caption>a &lt;caption&gt;</caption>');
    expect(html).toContain('<th scope="col">&lt;model&gt;</th><th scope="col" class="num">F1</th>');
    expect(html).toContain(
      '<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td class="num">0.330</td><td class="num">12.5%</td>',
    );
    expect(html).toContain('<td>b &amp; c</td><td class="num">—</td>');
    expect(html).toContain('<p class="note">note &quot;x&quot;</p>');
  });
});

describe('sweepSummaryTable', () => {
  it('reads the unpruned point and the prunable fraction of each sweep', () => {
    const sweeps = fakeSweeps();
    const t = sweepSummaryTable(sweeps);
    expect(t.columns).not.toContain('seed');
    expect(t.rows).toHaveLength(3);
    const base = sweeps[0]?.sweep.points[0];
    expect(t.rows[0]?.slice(0, 8)).toEqual([
      'RNN + variational (D, I)',
      'SNR |m|/s',
      1000,
      base?.metrics.macroF1,
      base?.metrics.paraphrase?.f1,
      base?.metrics.accuracy,
      base?.metrics.meanLogLikelihood,
      expect.stringMatching(/%$/),
    ]);
    expect(sweepSummaryTable([{ model: 'm', seed: 3, sweep: fakeSweep('snr', 0.3) }]).rows[0]?.[1]).toBe('3');
  });

  it('prunable: the largest removed fraction with F1 within the tolerance (computed by hand)', () => {
    // fakeSweep: F1 = q·(1 − 0.8·(i/12)³) at kept fraction 1 − i/12, q = 0.3.
    // Within 0.01 of 0.3: 0.24·(i/12)³ ≤ 0.01 ⇔ i ≤ 12·(1/24)^(1/3) ≈ 4.16, so i = 4: 4/12 removed.
    const cut = prunable(fakeSweep('snr', 0.3), 0.01);
    expect(cut?.fraction).toBeCloseTo(4 / 12, 12);
    expect(cut?.kept).toBe(Math.round((8 / 12) * 1000));
    expect(prunable(fakeSweep('snr', 0.3), 0)?.fraction).toBe(0);
    expect(prunable({ score: 'snr', total: 0, points: [] })).toBeNull();
  });
});
