import { callRedis } from '../../shared/redis/call-redis.js';
import type { SaleReference } from '../../sale/sale-reference.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { decodeEvent, fieldMap } from './decode-entry.js';
import { entryId } from './dead-letter-id.js';
import { DEAD_LETTER_SPEC, READ_DEAD_LETTERS_SPEC } from './dead-letter-spec.js';
import type {
  DeadLetter,
  DeadLetterCompensation,
  DeadLetterOptions,
  ReadDeadLettersOptions,
} from './dead-letter-types.js';
import { outboxKeys } from './outbox-keys.js';
import { saleContextOf } from '../../sale/sale-reference.js';
import { readArray } from '../../shared/validate/read-array.js';

/** The dead-letter stream of `sale` for consumer `group`. */
function deadKey(sale: SaleReference, group: string) {
  const context = saleContextOf(sale);
  return { context, key: outboxKeys(context.keys, group).dead };
}

/**
 * Reads a sale's dead letters, oldest first.
 *
 * @throws {@link InvalidArgumentError} when `sale` is not a {@link FlashSale} or a valid {@link SaleReference}, or an option
 *   is unknown or invalid (naming it)
 * @throws {@link RedisUnavailableError} when Redis cannot be reached
 * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
 * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
 * @group Order pipeline
 */
export async function readDeadLetters(
  sale: SaleReference,
  options?: ReadDeadLettersOptions,
): Promise<DeadLetter[]> {
  const { group, count, after } = resolveOptions(READ_DEAD_LETTERS_SPEC, options);
  const { context, key } = deadKey(sale, group);
  const start = after === undefined ? '-' : `(${after}`;
  const reply: unknown = await callRedis(
    'readDeadLetters',
    context.commandTimeoutMs,
    context.client.xrange(key, start, '+', 'COUNT', count),
  );
  return (Array.isArray(reply) ? (reply as unknown[]) : []).map(decodeDeadLetter);
}

/**
 * Deletes handled dead letters by id; returns how many were deleted.
 *
 * @throws {@link InvalidArgumentError} when `sale` is not a {@link FlashSale} or a valid {@link SaleReference}, `ids` is not
 *   an array of stream entry ids, or an option is unknown or invalid (naming it)
 * @throws {@link RedisUnavailableError} when Redis cannot be reached
 * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs` (the
 *   outcome is unknown)
 * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
 * @group Order pipeline
 */
export async function removeDeadLetters(
  sale: SaleReference,
  ids: readonly string[],
  options?: DeadLetterOptions,
): Promise<number> {
  const { group } = resolveOptions(DEAD_LETTER_SPEC, options);
  const { context, key } = deadKey(sale, group);
  const list = readArray('ids', ids, 'an array of dead letter ids');
  if (list.length === 0) return 0;
  return callRedis(
    'removeDeadLetters',
    context.commandTimeoutMs,
    context.client.xdel(key, ...list.map((id) => entryId('ids', id))),
  );
}

/** Decodes one entry `[id, [field, value, …]]` of a dead-letter stream. @internal */
export function decodeDeadLetter(raw: unknown): DeadLetter {
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
