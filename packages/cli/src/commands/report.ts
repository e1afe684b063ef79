/** `vb-cli report <out>`: rebuilds the plots and report.html of a sweep from its results.json. */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { writeOutput } from '../io/atomic.js';
import { readInput } from '../io/read.js';
import { aggregate, type PlantedTruth } from '../sweep/aggregate.js';
import { writeFigures } from '../sweep/figures.js';
import { parseResultsFile, resultsFileText } from '../sweep/results-file.js';
import { curvesCsv, sweepTablesMarkdown, tableCsv } from '../sweep/tables.js';
import { jsonOut } from './shared.js';

export function reportCommand(): Command {
  return new Command('report')
    .argument('<out>', 'folder of a sweep (holding results.json)')
    .description(
      'Rebuild the tables (table.md, table.csv, curves.csv; re-aggregated from the runs, so a newer vb-cli adds its new summaries), the λ-curves, training curves, λ histograms (SVG) and report.html from results.json, without training anything.',
    )
    .option('--json', 'print the list of files written as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExamples:\n  $ vb-cli report vb-sweep\n  $ vb-cli report results/pit --json')
    .action(async (outArg: string, o: { json?: boolean; quiet?: boolean }) => {
      const out = resolve(outArg);
      const path = join(out, 'results.json');
      const text = readInput(path, path, ` (run vb-cli sweep --out ${outArg} first)`).toString('utf8');
      const results = parseResultsFile(text, path);
      results.table = aggregate(results.runs, results.data.planted as PlantedTruth | null);
      const tables = sweepTablesMarkdown(results.table, {
        dataName: results.data.name,
        majorityMacroF1:
          typeof results.data.majorityMacroF1 === 'number' ? results.data.majorityMacroF1 : undefined,
        scores: results.data.scored === true,
      });
      await writeOutput(join(out, 'table.md'), tables);
      await writeOutput(join(out, 'table.csv'), tableCsv(results.table));
      await writeOutput(join(out, 'curves.csv'), curvesCsv(results.runs));
      const files = ['table.md', 'table.csv', 'curves.csv', ...(await writeFigures(out, results))];
      results.figures = files.filter((f) => f.endsWith('.svg') || f.endsWith('.html'));
      await writeOutput(path, resultsFileText(results));
      if (o.json) jsonOut({ out, files });
      else if (!o.quiet) process.stdout.write(`wrote ${files.map((f) => join(out, f)).join(', ')}\n`);
    });
}
