#!/usr/bin/env node
/** Entry point of `vb-cli`: runs the program, turns errors into one clear line and exit code 1. */
import { CommanderError } from 'commander';
import { program } from './program.js';

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
    if (process.env.VB_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
}
