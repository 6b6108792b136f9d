import type { HeldReservation, HeldReservationsOptions } from 'flash-sale';
import type { CliCommand } from '../command.js';
import { integerOption } from '../parse.js';
import { reservationTable } from '../views/holds-view.js';

interface HoldsOptions {
  readonly user?: string;
  readonly item?: string;
  readonly overdue?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * `holds`: the sale's held reservations, earliest deadline first, a page of at
 * most `--limit`; `--cursor` resumes after the last page. A filtered page may
 * take several round trips (each examines a bounded number of holds).
 */
export const holdsCommand: CliCommand = {
  name: 'holds',
  define(program, run) {
    program
      .command('holds')
      .description('list held reservations, earliest deadline first')
      .option('--user <id>', "only this buyer's holds")
      .option('--item <id>', 'only holds with a line of this item')
      .option('--overdue', 'only holds whose deadline has passed (not yet released)')
      .option('--limit <n>', 'most holds to list', integerOption(1, 1000), 100)
      .option('--cursor <cursor>', 'continue after a previous page (its "next" cursor)')
      .action(
        run(async ({ sale, out }, command) => {
          const options = command.opts<HoldsOptions>();
          const holds: HeldReservation[] = [];
          let cursor = options.cursor ?? null;
          let nowMs: number;
          do {
            const page = await sale.heldReservations({
              limit: options.limit - holds.length,
              ...(options.user === undefined ? {} : { userId: options.user }),
              ...(options.item === undefined ? {} : { item: options.item }),
              ...(options.overdue === true ? { overdueOnly: true } : {}),
              ...(cursor === null ? {} : { cursor }),
            } satisfies HeldReservationsOptions);
            holds.push(...page.holds);
            cursor = page.cursor;
            nowMs = page.nowMs;
          } while (cursor !== null && holds.length < options.limit);
          if (out.jsonMode) {
            out.json({ nowMs, holds, cursor });
            return;
          }
          out.text(
            reservationTable(holds, [
              { heading: 'overdue', cell: (hold) => (hold.overdue ? 'yes' : '') },
            ]),
          );
          out.text(
            cursor === null
              ? `${String(holds.length)} held`
              : `${String(holds.length)} held shown; more: --cursor '${cursor}'`,
          );
        }),
      );
  },
};
