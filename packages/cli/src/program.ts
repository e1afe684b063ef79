/** The `vb-cli` program: commander with one file per command. */
import { Command } from 'commander';
import { dataCommand } from './commands/data-inspect.js';
import { evalCommand } from './commands/eval.js';
import { mergeCommand } from './commands/merge.js';
import { predictCommand } from './commands/predict.js';
import { pruneCommand } from './commands/prune.js';
import { reportCommand } from './commands/report.js';
import { sweepCommand } from './commands/sweep.js';
import { trainCommand } from './commands/train.js';
import { VERSION } from './version.js';

/** Applies `fn` to a command and all its subcommands. */
function everyCommand(cmd: Command, fn: (c: Command) => void): Command {
  fn(cmd);
  for (const sub of cmd.commands) everyCommand(sub, fn);
  return cmd;
}

export function program(): Command {
  const root = new Command('vb-cli')
    .description('Variational Bayesian structure optimisation for recurrent networks: train, prune by signal-to-noise, report.')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .addCommand(sweepCommand())
    .addCommand(mergeCommand())
    .addCommand(trainCommand())
    .addCommand(pruneCommand())
    .addCommand(evalCommand())
    .addCommand(predictCommand())
    .addCommand(dataCommand())
    .addCommand(reportCommand());
  // Usage errors anywhere become a CommanderError (exit code 2 in bin.ts) instead of process.exit.
  return everyCommand(root, (c) => c.exitOverride().showHelpAfterError('(add --help for usage)'));
}
