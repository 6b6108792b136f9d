import type { Reservation } from 'flash-sale';
import type { CliCommand } from '../command.js';
import { integerOption } from '../parse.js';
import { reservationTable } from '../views/holds-view.js';

interface ExpireCommandOptions {
  readonly maxBatchSize?: number;
  readonly all?: boolean;
}

/** `expire`: releases overdue holds now (FlashSale.expire) and lists them. */
export const expireCommand: CliCommand = {
  name: 'expire',
  define(program, run) {
    program
      .command('expire')
      .description('release overdue holds now and list what was released')
      .option('--max-batch-size <n>', 'most holds one call releases', integerOption(1, 2000))
      .option('--all', 'call again while overdue holds remain')
      .action(
        run(async ({ sale, out, signal }, command) => {
          const options = command.opts<ExpireCommandOptions>();
          const released: Reservation[] = [];
          let more: boolean;
          do {
            const result = await sale.expire(
              options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize },
            );
            released.push(...result.released);
            more = result.more;
          } while (more && options.all === true && !signal.aborted);
          if (out.jsonMode) {
            out.json({ released, more });
            return;
          }
          if (released.length > 0) out.text(reservationTable(released));
          out.text(
            `${String(released.length)} released${more ? '; more overdue holds remain (run again, or use --all)' : ''}`,
          );
        }),
      );
  },
};
