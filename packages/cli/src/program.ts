/** The `vb-cli` program: commander with one file per command. */
import { Command } from 'commander';
import { sweepCommand } from './commands/sweep.js';
import { VERSION } from './version.js';

export function program(): Command {
  return new Command('vb-cli')
    .description('Variational Bayesian structure optimisation for recurrent networks: train, prune by signal-to-noise, report.')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .addCommand(sweepCommand());
}
