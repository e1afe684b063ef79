/**
 * A usage error found after commander parsed the command line (a bad `--data` spec, an unknown row,
 * a column mapping that names no column): vb-cli prints it as one line and exits with code 2, like
 * commander's own usage errors. Runtime failures stay plain `Error`s (exit code 1).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'vb.usage';
}
