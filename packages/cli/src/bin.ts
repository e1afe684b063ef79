#!/usr/bin/env node
/**
 * Entry point of `vb-cli`: runs the program, turns errors into one clear line and an exit code —
 * 2 for usage errors (commander's, and {@link UsageError}), 1 for runtime errors.
 */
import { CommanderError } from 'commander';
import { program } from './program.js';
import { UsageError } from './usage-error.js';

// `vb-cli … | head` closes the pipe early: stop quietly, as Unix tools do, instead of a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

try {
  await program().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`vb-cli: error: ${(e as Error).message}\n`);
    if (e instanceof UsageError) process.stderr.write('(add --help for usage)\n');
    if (process.env.VB_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  }
}
