import { OrderWriteError } from '../errors/order-write-error.js';
import type { PurchaseOptions } from '../../sale/purchase/purchase-options.js';
import type { PurchaseResult } from '../../sale/purchase/purchase-result.js';
import type { PurchasingSale } from '../options/purchasing-sale.js';
import type { Reservation } from '../../sale/reservation.js';
import type { OrderSink } from '../sink/order-sink.js';
import type { InRequestOrdersOptions } from './in-request-orders-options.js';
import { writeToSink } from '../sink/write-to-sink.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { IN_REQUEST_ORDERS_SPEC } from './in-request-orders-spec.js';
import { reservedEvent } from './reserved-event.js';

/**
 * In-request mode: the order is written to the sink before the purchase answers.
 * If the write fails, the hold is released in the same call (units and the
 * buyer's allowance come back, recorded as a `failed` event) and the call rejects
 * with {@link OrderWriteError}. With the outbox on, a worker delivers the same
 * `reserved` event again later under the same {@link OrderEvent.id}, which the
 * sink ignores as a duplicate, and then the reservation's later events.
 *
 * @example
 * ```ts
 * const orders = new InRequestOrders({ sale, sink });
 * try {
 *   const result = await orders.purchase(userId, { idempotencyKey: requestId });
 *   res.json(result); // { ok: true, reservation } once the order row exists
 * } catch (error) {
 *   if (isOrderWriteError(error)) res.status(503).json({ retry: true });
 *   else throw error;
 * }
 * ```
 * @group Order pipeline
 */
export class InRequestOrders {
  private readonly sale: PurchasingSale;
  private readonly sink: OrderSink;
  private readonly writeTimeoutMs: number;

  /**
   * @param options - the sale, the sink and the write time limit; see {@link InRequestOrdersOptions}
   * @throws {@link InvalidArgumentError} when an option is unknown, missing or invalid
   *   (naming it and quoting its value), or `sale` is not a {@link PurchasingSale} (a field
   *   of its {@link SaleReference} is invalid, naming it, or a method is missing)
   */
  constructor(options: InRequestOrdersOptions) {
    const resolved = resolveOptions(IN_REQUEST_ORDERS_SPEC, options);
    this.sale = resolved.sale;
    this.sink = resolved.sink;
    this.writeTimeoutMs = resolved.writeTimeoutMs;
  }

  /**
   * Reserves like {@link FlashSale.tryPurchase}, then writes the order before
   * answering. Refusals are results; nothing is written for them. A retry with the
   * same idempotency key writes a still-held order again (harmless for the sink)
   * and rejects again for one whose write failed.
   *
   * @throws {@link OrderWriteError} when the order could not be written (the hold is
   *   released unless Redis failed too: {@link OrderWriteError.released}), or a retry with
   *   the same idempotency key finds that the first write failed
   * @throws {@link InvalidArgumentError} when `userId` or `idempotencyKey` is not a non-empty
   *   well-formed string of at most {@link MAX_TEXT_ID_BYTES} bytes, `quantity` is out of
   *   range, or `options` is not an object
   * @throws {@link IdempotencyConflictError} when `idempotencyKey` was first used with
   *   another user or quantity (nothing reserved)
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async purchase(userId: string, options?: PurchaseOptions): Promise<PurchaseResult> {
    const result = await this.sale.tryPurchase(userId, options);
    if (!result.ok) return result;
    const reservation = result.reservation;
    if (reservation.state === 'released' && reservation.releaseReason === 'failed') {
      throw new OrderWriteError(reservation, true, 'the order write of this request failed before');
    }
    if (reservation.state !== 'held') return result;
    const outcome = await writeToSink(this.sink, [reservedEvent(reservation)], this.writeTimeoutMs);
    if (outcome.status === 'written') return result;
    const cause = outcome.status === 'failed' ? outcome.error : 'abandoned';
    const released = await this.release(reservation);
    throw new OrderWriteError(released ?? reservation, released !== undefined, cause);
  }

  /**
   * Releases the hold as `failed` (cancel answers a released reservation or
   * throws); `undefined` when that failed too.
   */
  private async release(reservation: Reservation): Promise<Reservation | undefined> {
    try {
      return await this.sale.cancel(reservation.id, { reason: 'failed' });
    } catch {
      // Redis unreachable (the deadline returns the hold), or a concurrent retry of
      // the same request had it paid (a sale is final; the outbox delivers it)
      return undefined;
    }
  }
}
