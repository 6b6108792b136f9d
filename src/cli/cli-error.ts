/**
 * What the CLI itself refuses, apart from the library's typed errors: a Redis it
 * cannot reach, a file it cannot read (exit code 1), and option combinations
 * commander cannot check (`UsageError`, exit code 2).
 */
export class CliError extends Error {
  override name = 'CliError';
}

/** Bad command-line usage found after parsing: exits with code 2, like commander's own. */
export class UsageError extends CliError {
  override name = 'UsageError';
}
