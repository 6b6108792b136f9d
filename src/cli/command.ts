import type { Command } from 'commander';
import type { FlashSale } from 'flash-sale';
import type { Output } from './output/output.js';

/** What a command's action gets: the sale (connected), where to print, and a stop signal. */
export interface CommandContext {
  readonly sale: FlashSale;
  readonly out: Output;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: long-running commands stop cleanly. */
  readonly signal: AbortSignal;
}

/**
 * Turns an action into commander's action handler, which connects first and
 * hands it the sale and the command (`command.opts<…>()`, `command.args`);
 * errors propagate to `runCli`, which maps them to exit codes.
 */
export type Runner = (
  action: (context: CommandContext, command: Command) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;

/**
 * One subcommand: a file in `src/cli/commands/` exporting one of these, listed in
 * `commands/index.ts`. `define` adds it (name, arguments, options) to `program`
 * and gives it an action through `run`.
 */
export interface CliCommand {
  readonly name: string;
  define(program: Command, run: Runner): void;
}
