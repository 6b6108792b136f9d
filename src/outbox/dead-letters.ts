import { callRedis } from '../redis/call-redis.js';
import type { FlashSale } from '../sale/flash-sale.js';
import { integerInRange } from '../validate/integer-in-range.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { decodeEvent, fieldMap } from './decode-entry.js';
import type { OrderEvent } from './order-event.js';
import { DEFAULT_GROUP, outboxKeys } from './outbox-keys.js';
import type { SaleContext } from '../sale/sale-context.js';
import { textId } from '../validate/text-id.js';
import { saleContextOf } from '../sale/sale-registry.js';

/**
 * An event the sink never accepted, kept in the sale's dead-letter stream for an
 * operator. Dead letters live as long as the sale's keys (`retainMs` after the
 * sale), so handle them within that time.
 */
export interface DeadLetter {
  /** The dead letter's own id (its entry id in the dead-letter stream). */
  readonly id: string;
  /** The event, or `null` when the outbox entry was not a hold event. */
  readonly event: OrderEvent | null;
  /** The event's entry id in the outbox stream. */
  readonly position: string;
  /** Attempts made before it was given up. */
  readonly attempts: number;
  /** The last failure, as the sink reported it. */
  readonly error: string;
  /** What happened to the hold when the event was given up. */
  readonly compensation: DeadLetterCompensation;
}

/**
 * What dead-lettering did to the hold of a `reserved` event the sink never
 * accepted: `released` (units and allowance are back, recorded as a `failed`
 * event), `already_released` (cancelled or expired before), `sold` (paid before
 * its order was written: settle it by hand), `unknown` (no such reservation any
 * more); `none` for the other events, whose holds had already ended.
 */
export type DeadLetterCompensation = 'released' | 'already_released' | 'sold' | 'unknown' | 'none';

/** Which dead letters: those of one consumer group. */
export interface DeadLetterOptions {
  /**
   * The consumer group whose dead letters to read or remove.
   * @defaultValue `'orders'`
   */
  readonly group?: string;
}

/** Options of {@link readDeadLetters}. */
export interface ReadDeadLettersOptions extends DeadLetterOptions {
  /**
   * Most dead letters to return.
   * @defaultValue `100`
   */
  readonly count?: number;
  /** Return only dead letters after this {@link DeadLetter.id} (for paging). */
  readonly after?: string;
}

const ENTRY_ID = /^\d+-\d+$/;

function entryId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || !ENTRY_ID.test(value)) {
    throw new InvalidArgumentError(argument, value, 'a dead letter id ("<ms>-<seq>")');
  }
  return value;
}

function deadKey(
  sale: FlashSale,
  options: DeadLetterOptions,
): { context: SaleContext; key: string } {
  const context = saleContextOf(sale);
  const group = textId('group', options.group ?? DEFAULT_GROUP);
  return { context, key: outboxKeys(context.keys, group).dead };
}

/** Reads a sale's dead letters, oldest first. */
export async function readDeadLetters(
  sale: FlashSale,
  options: ReadDeadLettersOptions = {},
): Promise<DeadLetter[]> {
  const { context, key } = deadKey(sale, options);
  const count = integerInRange('count', options.count ?? 100, 1, 10_000);
  const start = options.after === undefined ? '-' : `(${entryId('after', options.after)}`;
  const reply: unknown = await callRedis(
    'readDeadLetters',
    context.commandTimeoutMs,
    context.client.xrange(key, start, '+', 'COUNT', count),
  );
  return (Array.isArray(reply) ? (reply as unknown[]) : []).map(decodeDeadLetter);
}

/** Deletes handled dead letters by id; returns how many were deleted. */
export async function removeDeadLetters(
  sale: FlashSale,
  ids: readonly string[],
  options: DeadLetterOptions = {},
): Promise<number> {
  const { context, key } = deadKey(sale, options);
  if (!Array.isArray(ids))
    throw new InvalidArgumentError('ids', ids, 'an array of dead letter ids');
  if (ids.length === 0) return 0;
  return callRedis(
    'removeDeadLetters',
    context.commandTimeoutMs,
    context.client.xdel(key, ...ids.map((id) => entryId('ids', id))),
  );
}

function decodeDeadLetter(raw: unknown): DeadLetter {
  const [id, fields] = raw as [string, unknown];
  const map = fieldMap(fields);
  const position = map.get('entry') ?? '';
  return {
    id,
    event: decodeEvent(position, map),
    position,
    attempts: Number(map.get('attempts') ?? 0),
    error: map.get('error') ?? '',
    compensation: (map.get('compensation') ?? 'none') as DeadLetterCompensation,
  };
}
