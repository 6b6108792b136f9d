import { setTimeout as sleep } from 'node:timers/promises';
import type { CliCommand } from '../command.js';
import { integerOption } from '../parse.js';
import { printSnapshot, readSnapshot } from '../views/stats-view.js';
import { maxItemsOption } from './stats.js';

interface WatchOptions {
  readonly intervalMs: number;
  readonly count?: number;
  readonly maxItems: number;
}

/** `watch`: `stats` again every `--interval-ms` until Ctrl-C (or `--count` refreshes). */
export const watchCommand: CliCommand = {
  name: 'watch',
  define(program, run) {
    program
      .command('watch')
      .description('stats, refreshed every --interval-ms until Ctrl-C (with --json: one line each)')
      .option('--interval-ms <ms>', 'time between refreshes', integerOption(50, 3_600_000), 1000)
      .option('--count <n>', 'stop after this many refreshes', integerOption(1, 1_000_000_000))
      .addOption(maxItemsOption())
      .action(
        run(async ({ sale, out, signal }, command) => {
          const options = command.opts<WatchOptions>();
          for (let refresh = 1; !signal.aborted; refresh += 1) {
            const snapshot = await readSnapshot(sale, options.maxItems);
            if (!out.jsonMode) out.clearScreen();
            printSnapshot(out, snapshot);
            if (!out.jsonMode) out.text('');
            if (options.count !== undefined && refresh >= options.count) return;
            try {
              await sleep(options.intervalMs, undefined, { signal });
            } catch {
              return; // Ctrl-C while waiting: a clean stop
            }
          }
        }),
      );
  },
};
