import type { PurchaseOptions } from '../../sale/purchase/purchase-options.js';
import type { PurchaseRejection, PurchaseSuccess } from '../../sale/purchase/purchase-result.js';
import { saleContextOf } from '../../sale/sale-reference.js';
import type { PurchasingSale } from '../options/purchasing-sale.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import type { QueuedOrdersOptions } from './queued-orders-options.js';
import { QUEUED_ORDERS_SPEC } from './queued-orders-spec.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { orderStatusOf, readOrderStatus, type OrderStatus } from './order-status.js';

/**
 * A queued purchase went through: the hold is made, the order is on its way.
 * @group Results
 * @category Order pipeline
 */
export interface QueuedPurchaseSuccess extends PurchaseSuccess {
  /** The order's status now: `pending` for a new hold; for a replay, wherever it stands. */
  readonly status: OrderStatus;
}

/**
 * What {@link QueuedOrders.purchase} answers.
 * @group Results
 * @category Order pipeline
 */
export type QueuedPurchaseResult = QueuedPurchaseSuccess | PurchaseRejection;

/**
 * Queued mode: a purchase answers as soon as the hold is made, and the order is
 * written later by an {@link OutboxWorker}. The front end polls
 * {@link QueuedOrders.status}, which moves `pending` → `placed` → `paid`, or ends
 * `released` (cancelled, expired) or `failed` (the sink never accepted it; the
 * units went back to stock).
 *
 * @example
 * ```ts
 * const orders = new QueuedOrders({ sale });
 * const result = await orders.purchase(userId, { idempotencyKey: requestId });
 * // later, from the browser's poll:
 * const status = await orders.status(result.reservation.id); // { state: 'placed', … }
 * ```
 * @group Order pipeline
 */
export class QueuedOrders {
  private readonly sale: PurchasingSale;
  private readonly context: SaleContext;
  private readonly group: string;

  /**
   * @param options - the sale and the worker's consumer group; see {@link QueuedOrdersOptions}
   * @throws {@link InvalidArgumentError} when `sale` is not a {@link PurchasingSale} (a field
   *   of its {@link SaleReference} is invalid, naming it, or a method is missing), the group
   *   is not a non-empty string, or an option is unknown (naming it)
   */
  constructor(options: QueuedOrdersOptions) {
    const { sale, group } = resolveOptions(QUEUED_ORDERS_SPEC, options);
    this.context = saleContextOf(sale);
    this.sale = sale;
    this.group = group;
  }

  /**
   * {@link FlashSale.tryPurchase}, answered at once with the order's status.
   * Refusals are results, as there.
   *
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
  async purchase(userId: string, options?: PurchaseOptions): Promise<QueuedPurchaseResult> {
    const result = await this.sale.tryPurchase(userId, options);
    if (!result.ok) return result;
    // a new hold is pending by definition; a replay may have moved on since
    const current = result.replayed
      ? await readOrderStatus(this.context, this.group, result.reservation.id)
      : null;
    const status = current ?? orderStatusOf(result.reservation, '');
    return { ...result, status };
  }

  /**
   * One order's status, in one round trip: cheap enough to poll. A hold whose
   * deadline has passed (Redis's clock) reads `released` (`expired`) at once, before
   * any sweeper has run.
   *
   * @param reservationId - the id from the purchase
   * @returns the status, or `null` when the sale has no such reservation
   * @throws {@link InvalidArgumentError} when `reservationId` is not a reservation id of this
   *   sale
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async status(reservationId: string): Promise<OrderStatus | null> {
    return readOrderStatus(this.context, this.group, reservationId);
  }
}
