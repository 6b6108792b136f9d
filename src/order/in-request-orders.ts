import { OrderWriteError } from '../errors/order-write-error.js';
import { saleContextOf } from '../sale/sale-registry.js';
import type { PurchaseOptions } from '../purchase/purchase-options.js';
import type { PurchaseResult } from '../purchase/purchase-result.js';
import type { FlashSale } from '../sale/flash-sale.js';
import type { Reservation } from '../sale/reservation.js';
import type { OrderSink } from '../sink/order-sink.js';
import { checkSink } from '../sink/check-sink.js';
import { writeToSink } from '../sink/write-to-sink.js';
import { integerInRange } from '../validate/integer-in-range.js';
import { reservedEvent } from './reserved-event.js';
import { checkOptionsObject } from '../validate/options-object.js';

/** Settings of {@link InRequestOrders}. */
export interface InRequestOrdersOptions {
  /** The sale. */
  readonly sale: FlashSale;
  /** Where orders are written; the same sink an {@link OutboxWorker} may use. */
  readonly sink: OrderSink;
  /**
   * Longest wait for the sink before the write counts as failed (and the hold is
   * released).
   * @defaultValue `5_000`
   */
  readonly writeTimeoutMs?: number;
}

/** Defaults of {@link InRequestOrdersOptions}. */
export const IN_REQUEST_ORDERS_DEFAULTS = {
  /** {@inheritDoc InRequestOrdersOptions.writeTimeoutMs} */
  writeTimeoutMs: 5_000,
} as const satisfies Partial<InRequestOrdersOptions>;

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
 */
export class InRequestOrders {
  private readonly sale: FlashSale;
  private readonly sink: OrderSink;
  private readonly writeTimeoutMs: number;

  /**
   * @param options - the sale, the sink and the write time limit
   * @throws {@link InvalidArgumentError} for a bad option, quoting it
   */
  constructor(options: InRequestOrdersOptions) {
    checkOptionsObject(options, { optional: false });
    saleContextOf(options.sale);
    this.sale = options.sale;
    this.sink = checkSink(options.sink);
    this.writeTimeoutMs = integerInRange(
      'writeTimeoutMs',
      options.writeTimeoutMs ?? IN_REQUEST_ORDERS_DEFAULTS.writeTimeoutMs,
      1,
      600_000,
    );
  }

  /**
   * Reserves like {@link FlashSale.tryPurchase}, then writes the order before
   * answering. Refusals are results; nothing is written for them. A retry with the
   * same idempotency key writes a still-held order again (harmless for the sink)
   * and rejects again for one whose write failed.
   *
   * @throws {@link OrderWriteError} when the order could not be written; the
   *   hold is released unless Redis failed too ({@link OrderWriteError.released})
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
