/** One report with every kind of plot, a table, and hostile text everywhere text goes. */
import {
  lambdaCurvesSpecs,
  type ReportOptions,
  snrHistogramSpec,
  sweepSummaryTable,
  trainingCurvesSpec,
} from '../src/index.js';
import { fakeHistories, fakeHistory, fakeLambdas, fakeSweep, fakeSweeps } from './fixtures.js';

export const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

export function reportOptions(): ReportOptions {
  const sweeps = fakeSweeps();
  sweeps.push({ model: `RNN ${HOSTILE}`, sweep: fakeSweep('snr', 0.34) });
  const histories = fakeHistories();
  histories.push({ model: `RNN ${HOSTILE}`, history: fakeHistory(8, 0.1) });
  const curves = lambdaCurvesSpecs(sweeps);
  return {
    title: `vb report ${HOSTILE}`,
    meta: [`vb-cli sweep --out ${HOSTILE}`],
    summary: `## Summary ${HOSTILE}\n\nPruning **keeps** quality. ${HOSTILE}\n\n| model | F1 |\n|---|---:|\n| ${HOSTILE} | 0.33 |\n\n[click](javascript:window.__pwned=3)`,
    tables: [
      sweepSummaryTable(sweeps),
      { caption: HOSTILE, columns: [HOSTILE], rows: [[HOSTILE]], note: HOSTILE },
    ],
    specs: [
      { title: 'Number of parameters vs λ', spec: curves.parameters, caption: HOSTILE },
      { title: 'F1 vs λ', spec: curves.f1 },
      { title: 'Likelihood vs λ', spec: curves.likelihood },
      { title: `Sparsity vs quality ${HOSTILE}`, spec: curves.tradeoff },
      { title: 'Training curves', spec: trainingCurvesSpec(histories) },
      {
        title: 'λ per tensor',
        spec: snrHistogramSpec([fakeLambdas(), fakeLambdas(`RNN ${HOSTILE}`, 4)], { threshold: 1 }),
      },
    ],
    render: {
      onWarning: (m) => {
        throw new Error(`unexpected warning: ${m}`);
      },
    },
  };
}
