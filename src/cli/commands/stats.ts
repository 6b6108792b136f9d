import { Option } from 'commander';
import type { CliCommand } from '../command.js';
import { integerOption } from '../parse.js';
import { printSnapshot, readSnapshot } from '../views/stats-view.js';

/** `--max-items`: shared with `watch`. */
export function maxItemsOption(): Option {
  return new Option('--max-items <n>', 'show at most this many items (by id)')
    .argParser(integerOption(0, 100_000))
    .default(1000);
}

/** `stats`: the sale's numbers and each item's, once. */
export const statsCommand: CliCommand = {
  name: 'stats',
  define(program, run) {
    program
      .command('stats')
      .description("the sale's stats and its items' stats")
      .addOption(maxItemsOption())
      .action(
        run(async ({ sale, out }, command) => {
          const options = command.opts<{ maxItems: number }>();
          printSnapshot(out, await readSnapshot(sale, options.maxItems));
        }),
      );
  },
};
