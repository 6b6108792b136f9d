import { randomUUID } from 'node:crypto';
import { saleContextOf, type SaleReference } from '../../sale/sale-reference.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { callRedis } from '../../shared/redis/call-redis.js';
import { decodeDeadLetter } from './dead-letters.js';
import type { DeadLetter } from './dead-letter-types.js';
import { OUTBOX_SCRIPTS } from './lua/outbox-scripts.js';
import { unlessSaleGone } from './lua/outbox-replies.js';
import { outboxKeys, type OutboxKeys } from './outbox-keys.js';
import { checkSelection, REDRIVE_SPEC, type CheckedSelection } from './redrive-spec.js';
import type {
  DeadLetterFilter,
  DeadLetterSelection,
  RedriveDeadLettersOptions,
  RedrivenEvent,
  RedriveResult,
} from './redrive-types.js';

/** Dead letters read per XRANGE, and moved per script call (a bounded reply and run time). */
const PAGE = 200;

/** Where one call works, and what it has done so far. */
interface Run {
  readonly context: SaleContext;
  readonly keys: OutboxKeys;
  readonly group: string;
  readonly redriven: RedrivenEvent[];
  readonly missing: string[];
  readonly skipped: string[];
}

/**
 * Puts dead letters back into the sale's outbox, for the consumer group's
 * {@link OutboxWorker} to deliver again: those with the given ids, those whose
 * event matches a filter, or all of them (those present when the call began).
 *
 * Each dead letter moves in one script call: its event is appended to the outbox
 * and the dead letter deleted together, so a crash or a call ioredis re-sends after
 * a reconnect neither loses nor duplicates one. The event keeps its id (the sink's
 * idempotency key), so a sink that already has it ignores it. Other consumer groups
 * skip a re-driven event (they delivered it already). A re-driven `reserved` event
 * whose hold was released when it was dead-lettered (`compensation: 'released'`)
 * reaches the sink after that release's `failed` event. If it fails again it is
 * dead-lettered again, after `maxAttempts` fresh attempts.
 *
 * @param selection - which dead letters; see {@link DeadLetterSelection}
 * @returns what was re-driven, which ids were not dead letters, and which were left
 *   because they hold no event
 * @throws {@link InvalidArgumentError} when `sale` is not a {@link FlashSale} or a valid
 *   {@link SaleReference}, `selection` is not one of its forms (naming the bad field), or
 *   an option is unknown or invalid; nothing is changed
 * @throws {@link SaleNotLoadedError} when the sale's keys are gone (nothing is changed)
 * @throws {@link RedisUnavailableError} when Redis cannot be reached
 * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
 *   (the dead letters moved so far stay moved; call again to move the rest)
 * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
 * @group Order pipeline
 */
export async function redriveDeadLetters(
  sale: SaleReference,
  selection: DeadLetterSelection,
  options?: RedriveDeadLettersOptions,
): Promise<RedriveResult> {
  const { group } = resolveOptions(REDRIVE_SPEC, options);
  const context = saleContextOf(sale);
  const checked = checkSelection(selection);
  const run: Run = {
    context,
    keys: outboxKeys(context.keys, group),
    group,
    redriven: [],
    missing: [],
    skipped: [],
  };
  if (checked.kind === 'ids') await redriveIds(run, checked.ids);
  else await redriveScan(run, checked);
  const { redriven, missing, skipped } = run;
  return { count: redriven.length, redriven, missing, skipped };
}

/** The given ids, each once, in pages. */
async function redriveIds(run: Run, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += PAGE) {
    const page = unique.slice(start, start + PAGE);
    const letters = await Promise.all(page.map(async (id) => readOne(run, id)));
    page.forEach((id, index) => {
      if (letters[index] === undefined) run.missing.push(id);
    });
    await move(
      run,
      letters.filter((letter) => letter !== undefined),
    );
  }
}

/**
 * Every dead letter up to the newest one present at the start, page by page, so
 * events dead-lettered again meanwhile are not taken round a second time.
 */
async function redriveScan(
  run: Run,
  selection: Exclude<CheckedSelection, { kind: 'ids' }>,
): Promise<void> {
  const { context, keys } = run;
  const newest: unknown = await callRedis(
    'redriveDeadLetters',
    context.commandTimeoutMs,
    context.client.xrevrange(keys.dead, '+', '-', 'COUNT', 1),
  );
  const last = decodeAll(newest)[0]?.id;
  if (last === undefined) return;
  let start = '-';
  for (;;) {
    const reply: unknown = await callRedis(
      'redriveDeadLetters',
      context.commandTimeoutMs,
      context.client.xrange(keys.dead, start, last, 'COUNT', PAGE),
    );
    const page = decodeAll(reply);
    const chosen =
      selection.kind === 'all' ? page : page.filter((letter) => matches(letter, selection.filter));
    await move(run, chosen);
    const tail = page.at(-1);
    if (page.length < PAGE || tail === undefined) return;
    start = `(${tail.id}`;
  }
}

function decodeAll(reply: unknown): DeadLetter[] {
  return (Array.isArray(reply) ? (reply as unknown[]) : []).map(decodeDeadLetter);
}

async function readOne(run: Run, id: string): Promise<DeadLetter | undefined> {
  const { context, keys } = run;
  const reply: unknown = await callRedis(
    'redriveDeadLetters',
    context.commandTimeoutMs,
    context.client.xrange(keys.dead, id, id),
  );
  return decodeAll(reply)[0];
}

function matches(letter: DeadLetter, filter: DeadLetterFilter): boolean {
  const event = letter.event;
  if (event === null) return false;
  return (
    (filter.type === undefined || event.type === filter.type) &&
    (filter.reservationId === undefined || event.reservationId === filter.reservationId) &&
    (filter.userId === undefined || event.userId === filter.userId) &&
    (filter.compensation === undefined || letter.compensation === filter.compensation)
  );
}

/** Moves dead letters that hold an event back into the outbox (redrive-5.lua). */
async function move(run: Run, letters: readonly DeadLetter[]): Promise<void> {
  const movable: (DeadLetter & Pick<RedrivenEvent, 'event'>)[] = [];
  for (const letter of letters) {
    if (letter.event === null) run.skipped.push(letter.id);
    else movable.push({ ...letter, event: letter.event });
  }
  if (movable.length === 0) return;
  const { context, keys, group } = run;
  // unique to this call: a re-sent call recognises its own moves (see redrive-5.lua)
  const token = randomUUID();
  const reply = await OUTBOX_SCRIPTS.redrive.run(
    context.client,
    'redriveDeadLetters',
    context.commandTimeoutMs,
    [keys.dead, keys.events, keys.delivered, keys.redriven, keys.meta],
    [group, token, ...movable.map((letter) => letter.id)],
  );
  const positions = String(unlessSaleGone(reply, context.saleId, 'redriveDeadLetters')).split(' ');
  movable.forEach((letter, index) => {
    const position = positions[index] ?? '-';
    if (position === '-') run.missing.push(letter.id);
    else run.redriven.push({ deadLetterId: letter.id, event: { ...letter.event, position } });
  });
}
