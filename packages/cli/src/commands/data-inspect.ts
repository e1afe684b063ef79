/** `vb-cli data inspect`: what a dataset holds before training on it. */
import type { Coverage, PairSet } from '@vb/core';
import { Command } from 'commander';
import { labelHistogram } from '../data/loaded.js';
import { fetchCommand } from './data-fetch.js';
import { addDataOptions, DATA_EXAMPLES, type DataOptions, jsonOut, loadData } from './shared.js';

interface InspectOptions extends DataOptions {
  json?: boolean;
  quiet?: boolean;
}

function lengths(set: PairSet): { min: number; mean: number; p95: number; max: number } {
  const all = Float64Array.from([...set.lengthsA, ...set.lengthsB]).sort();
  return {
    min: all[0] ?? 0,
    mean: all.reduce((a, b) => a + b, 0) / Math.max(all.length, 1),
    p95: all[Math.floor(0.95 * (all.length - 1))] ?? 0,
    max: all[all.length - 1] ?? 0,
  };
}

export function dataCommand(): Command {
  const data = new Command('data').description('Inspect datasets.');
  const inspect = new Command('inspect').description('Counts, label histogram, sentence lengths and word-vector coverage of a dataset and its splits.');
  addDataOptions(inspect)
    .option('--json', 'print as JSON')
    .option('-q, --quiet', 'only check that the data loads (errors still print)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ vb-cli data inspect\n  $ vb-cli data inspect --data pit2015:../shared/data/pit2015 --vectors glove.6B.100d.pit2015.txt\n  $ vb-cli data inspect --data pairs.csv --vectors glove.6B.100d.txt   # coverage and the words without a vector\n${DATA_EXAMPLES}`,
    );
  inspect.action(async (o: InspectOptions) => {
    const d = await loadData(o);
    const splits = (['train', 'validation', 'test'] as const).map((name) => ({
      split: name,
      pairs: d[name].size,
      labels: labelHistogram(d[name], d.classes),
      lengths: lengths(d[name]),
    }));
    const report = { data: d.name, description: d.description, classes: d.classes, vocabulary: d.vocabulary.length, inputDim: d.inputDim, splits, stats: d.stats };
    if (o.json) return jsonOut(report);
    if (o.quiet) return;
    const lines = [
      d.description,
      `data ${d.name}: ${d.classes} classes, vocabulary ${d.vocabulary.length} words, vectors of dimension ${d.inputDim}`,
      'split        pairs   labels (0..K−1)                    length min/mean/p95/max',
      ...splits.map(
        (s) =>
          `${s.split.padEnd(12)} ${String(s.pairs).padEnd(7)} ${s.labels.join(' ').padEnd(34)} ${s.lengths.min}/${s.lengths.mean.toFixed(1)}/${s.lengths.p95}/${s.lengths.max}`,
      ),
    ];
    for (const [k, v] of Object.entries(d.stats)) if (typeof v !== 'object') lines.push(`${k}: ${v}`);
    const c = d.stats.coverage as Coverage | null | undefined;
    if (c) {
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      lines.push(
        `vector coverage: ${pct(c.tokenCoverage)} of tokens (${c.tokensCovered} of ${c.tokens}), ${pct(c.typeCoverage)} of distinct words (${c.typesCovered} of ${c.types}); words without a vector read as zeros`,
      );
      if (c.missing.length > 0)
        lines.push(
          `most frequent words without a vector: ${c.missing
            .slice(0, 20)
            .map((m) => `${m.token} (${m.count})`)
            .join(', ')}`,
        );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  return data.addCommand(inspect).addCommand(fetchCommand());
}
