import type { CliCommand } from '../command.js';
import { deadLettersCommand } from './dead-letters.js';
import { expireCommand } from './expire.js';
import { holdsCommand } from './holds.js';
import { preloadCommand } from './preload.js';
import { reconcileCommand } from './reconcile.js';
import { statsCommand } from './stats.js';
import { watchCommand } from './watch.js';

/** Every subcommand, in the order `--help` lists them: a new command is a file here and a line. */
export const COMMANDS: readonly CliCommand[] = [
  statsCommand,
  watchCommand,
  holdsCommand,
  deadLettersCommand,
  preloadCommand,
  expireCommand,
  reconcileCommand,
];
