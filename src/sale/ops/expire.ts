import { runSaleScript, type SaleContext } from '../sale-context.js';
import { decodeReservation } from '../decode-reservation.js';
import type { Reservation } from '../reservation.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { readOptions } from '../../shared/validate/options-object.js';

const EXPIRE_SHAPE = { owner: 'expire', keys: ['maxBatchSize'], optional: true } as const;
import { OP_REPLAY_MS, randomToken } from '../random-token.js';
import { SALE_DATA_DAMAGED } from '../lua/reply-codes.js';
import { SaleDataError } from '../errors/sale-errors.js';
import { expireChannel } from '../../shared/diagnostics/expire-message.js';
import { publishExpire } from './expire-diagnostics.js';

/**
 * Options of {@link FlashSale.expire}.
 * @group Options
 * @category Sale
 */
export interface ExpireOptions {
  /**
   * Most holds one call releases (1 to 2000), so a single call never blocks Redis
   * for long; `more` in the result says whether overdue holds remain.
   * @defaultValue `500`
   */
  readonly maxBatchSize?: number;
}

/**
 * What one {@link FlashSale.expire} call released.
 * @group Results
 * @category Sale
 */
export interface ExpireResult {
  /** The holds this call released, each now `released` with reason `expired`. */
  readonly released: readonly Reservation[];
  /** True when more overdue holds remain (call again). */
  readonly more: boolean;
}

/**
 * Default of {@link ExpireOptions.maxBatchSize}.
 * @group Options
 * @category Sale
 */
export const EXPIRE_DEFAULT_BATCH = 500;
/** Largest {@link ExpireOptions.maxBatchSize}: keeps one call short and its reply within Lua's unpack limit. */
const EXPIRE_MAX_BATCH = 2000;

/**
 * Releases overdue holds and, while diagnostics are observed, publishes how many.
 * @internal
 */
export async function expire(context: SaleContext, options?: ExpireOptions): Promise<ExpireResult> {
  const startedAt = expireChannel.hasSubscribers ? performance.now() : undefined;
  try {
    const result = await expireOnce(context, options);
    if (startedAt !== undefined) publishExpire(context.saleId, result, undefined, startedAt);
    return result;
  } catch (error) {
    if (startedAt !== undefined) publishExpire(context.saleId, undefined, error, startedAt);
    throw error;
  }
}

async function expireOnce(context: SaleContext, options?: ExpireOptions): Promise<ExpireResult> {
  const given = readOptions(options, EXPIRE_SHAPE);
  const max = integerInRange(
    'maxBatchSize',
    given.maxBatchSize === undefined ? EXPIRE_DEFAULT_BATCH : given.maxBatchSize,
    1,
    EXPIRE_MAX_BATCH,
  );
  const op = context.keys.op(randomToken()); // a re-sent copy answers what this call released
  const reply = replyList(
    'expire',
    await runSaleScript(context, SALE_SCRIPTS.expire, 'expire', [max, OP_REPLAY_MS], [op]),
  );
  if (replyNumber('expire', reply, 0) === SALE_DATA_DAMAGED) {
    throw new SaleDataError(context.saleId, 'expire');
  }
  const released: Reservation[] = [];
  for (let index = 1; index + 1 < reply.length; index += 2) {
    released.push(decodeReservation(context.saleId, String(reply[index]), reply[index + 1]));
  }
  return { released, more: replyNumber('expire', reply, 0) === 1 };
}
