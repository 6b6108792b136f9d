import {
  readDeadLetters,
  redriveDeadLetters,
  removeDeadLetters,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterSelection,
} from 'flash-sale';
import type { Command } from 'commander';
import type { CliCommand, Runner } from '../command.js';
import { UsageError } from '../cli-error.js';
import { formatTable, type Column } from '../output/table.js';
import { integerOption, listOption } from '../parse.js';

const GROUP_FLAGS = '--group <name>';
const GROUP_HELP = "the consumer group whose dead letters (the OutboxWorker's group)";
const DEFAULT_GROUP = 'orders';

const COLUMNS: readonly Column<DeadLetter>[] = [
  { heading: 'id', cell: (d) => d.id },
  { heading: 'type', cell: (d) => d.event?.type ?? null },
  { heading: 'reservation', cell: (d) => d.event?.reservationId ?? null },
  { heading: 'user', cell: (d) => d.event?.userId ?? null },
  { heading: 'attempts', cell: (d) => d.attempts },
  { heading: 'compensation', cell: (d) => d.compensation },
  { heading: 'error', cell: (d) => d.error },
];

function defineList(parent: Command, run: Runner): void {
  parent
    .command('list')
    .description('list dead letters, oldest first')
    .option(GROUP_FLAGS, GROUP_HELP, DEFAULT_GROUP)
    .option('--limit <n>', 'most dead letters to list', integerOption(1, 10_000), 100)
    .option('--after <id>', 'only dead letters after this id (paging)')
    .action(
      run(async ({ sale, out }, command) => {
        const options = command.opts<{ group: string; limit: number; after?: string }>();
        const letters = await readDeadLetters(sale, {
          group: options.group,
          count: options.limit,
          ...(options.after === undefined ? {} : { after: options.after }),
        });
        if (out.jsonMode) {
          out.json({ deadLetters: letters });
          return;
        }
        out.text(formatTable(COLUMNS, letters));
        out.text(`${String(letters.length)} dead letter(s)`);
      }),
    );
}

interface RedriveCommandOptions {
  readonly group: string;
  readonly ids?: readonly string[];
  readonly all?: boolean;
  readonly type?: NonNullable<DeadLetterFilter['type']>;
  readonly reservation?: string;
  readonly user?: string;
  readonly compensation?: NonNullable<DeadLetterFilter['compensation']>;
}

/** The one selection form the options give; two forms, or none, is a usage error. */
function selectionOf(options: RedriveCommandOptions): DeadLetterSelection {
  const filter: { -readonly [K in keyof DeadLetterFilter]: DeadLetterFilter[K] } = {};
  if (options.type !== undefined) filter.type = options.type;
  if (options.reservation !== undefined) filter.reservationId = options.reservation;
  if (options.user !== undefined) filter.userId = options.user;
  if (options.compensation !== undefined) filter.compensation = options.compensation;
  const forms: DeadLetterSelection[] = [];
  if (options.ids !== undefined) forms.push({ ids: options.ids });
  if (options.all === true) forms.push({ all: true });
  if (Object.keys(filter).length > 0) forms.push(filter);
  const [form] = forms;
  if (forms.length !== 1 || form === undefined) {
    throw new UsageError(
      'redrive takes exactly one of --ids, --all, or filters (--type, --reservation, --user, --compensation)',
    );
  }
  return form;
}

function defineRedrive(parent: Command, run: Runner): void {
  parent
    .command('redrive')
    .description('put dead letters back into the outbox, for the worker to deliver again')
    .option(GROUP_FLAGS, GROUP_HELP, DEFAULT_GROUP)
    .option('--ids <ids>', 'these dead letters (comma-separated; repeatable)', listOption)
    .option('--all', 'every dead letter of the group')
    .option(
      '--type <type>',
      'filter: the event type (reserved, confirmed, cancelled, expired, failed)',
    )
    .option('--reservation <id>', "filter: the event's reservation")
    .option('--user <id>', "filter: the event's buyer")
    .option('--compensation <what>', 'filter: released, already_released, sold, unknown or none')
    .action(
      run(async ({ sale, out }, command) => {
        const options = command.opts<RedriveCommandOptions>();
        const result = await redriveDeadLetters(sale, selectionOf(options), {
          group: options.group,
        });
        if (out.jsonMode) {
          out.json(result);
          return;
        }
        out.text(`${String(result.count)} re-driven`);
        for (const { deadLetterId, event } of result.redriven) {
          out.text(`  ${deadLetterId} → ${event.position} (${event.type} ${event.reservationId})`);
        }
        if (result.missing.length > 0) out.text(`not dead letters: ${result.missing.join(' ')}`);
        if (result.skipped.length > 0) {
          out.text(`left in place (no hold event; remove them): ${result.skipped.join(' ')}`);
        }
      }),
    );
}

function defineRemove(parent: Command, run: Runner): void {
  parent
    .command('remove')
    .description('delete handled dead letters by id')
    .argument('<ids...>', 'dead letter ids')
    .option(GROUP_FLAGS, GROUP_HELP, DEFAULT_GROUP)
    .action(
      run(async ({ sale, out }, command) => {
        const options = command.opts<{ group: string }>();
        const ids = command.args;
        const removed = await removeDeadLetters(sale, ids, { group: options.group });
        if (out.jsonMode) out.json({ removed });
        else out.text(`${String(removed)} removed`);
      }),
    );
}

/** `dead-letters list|redrive|remove`: over readDeadLetters, redriveDeadLetters, removeDeadLetters. */
export const deadLettersCommand: CliCommand = {
  name: 'dead-letters',
  define(program, run) {
    const parent = program
      .command('dead-letters')
      .description("the order pipeline's dead letters: list, redrive, remove");
    defineList(parent, run);
    defineRedrive(parent, run);
    defineRemove(parent, run);
  },
};
