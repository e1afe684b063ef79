/** `vb-cli report <out>`: rebuilds the plots and report.html of a sweep from its results.json. */
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { readInput } from '../io/read.js';
import { writeFigures } from '../sweep/figures.js';
import { parseResultsFile } from '../sweep/results-file.js';
import { jsonOut } from './shared.js';

export function reportCommand(): Command {
  return new Command('report')
    .argument('<out>', 'folder of a sweep (holding results.json)')
    .description(
      'Rebuild the λ-curves, training curves, λ histograms (SVG) and report.html from results.json, without training anything.',
    )
    .option('--json', 'print the list of files written as JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .addHelpText('after', '\nExamples:\n  $ vb-cli report vb-sweep\n  $ vb-cli report results/pit --json')
    .action(async (outArg: string, o: { json?: boolean; quiet?: boolean }) => {
      const out = resolve(outArg);
      const path = join(out, 'results.json');
      const text = readInput(path, path, ` (run vb-cli sweep --out ${outArg} first)`).toString('utf8');
      const files = await writeFigures(out, parseResultsFile(text, path));
      if (o.json) jsonOut({ out, files });
      else if (!o.quiet) process.stdout.write(`wrote ${files.map((f) => join(out, f)).join(', ')}\n`);
    });
}
