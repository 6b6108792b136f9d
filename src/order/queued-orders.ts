import type { PurchaseOptions } from '../purchase/purchase-options.js';
import type { PurchaseRejection, PurchaseSuccess } from '../purchase/purchase-result.js';
import { DEFAULT_GROUP } from '../outbox/outbox-keys.js';
import { saleContextOf } from '../sale/sale-registry.js';
import { textId } from '../validate/text-id.js';
import type { FlashSale } from '../sale/flash-sale.js';
import type { SaleContext } from '../sale/sale-context.js';
import { orderStatusOf, readOrderStatus, type OrderStatus } from './order-status.js';

/** A queued purchase went through: the hold is made, the order is on its way. */
export interface QueuedPurchaseSuccess extends PurchaseSuccess {
  /** The order's status now: `pending` for a new hold; for a replay, wherever it stands. */
  readonly status: OrderStatus;
}

/** Options of {@link QueuedOrders}. */
export interface QueuedOrdersOptions {
  /**
   * The consumer group of the {@link OutboxWorker} that writes the orders: its
   * deliveries move an order from `pending` to `placed`.
   * @defaultValue `'orders'`
   */
  readonly group?: string;
}

/** What {@link QueuedOrders.purchase} answers. */
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
 * const orders = new QueuedOrders(sale);
 * const result = await orders.purchase(userId, { idempotencyKey: requestId });
 * // later, from the browser's poll:
 * const status = await orders.status(result.reservation.id); // { state: 'placed', … }
 * ```
 */
export class QueuedOrders {
  private readonly sale: FlashSale;
  private readonly context: SaleContext;
  private readonly group: string;

  /**
   * @param sale - the sale; run an {@link OutboxWorker} on it to place the orders
   * @param options - the worker's consumer group, if not the default
   * @throws {@link InvalidArgumentError} when `sale` is not a {@link FlashSale} or
   *   the group is not a non-empty string
   */
  constructor(sale: FlashSale, options: QueuedOrdersOptions = {}) {
    this.context = saleContextOf(sale);
    this.sale = sale;
    this.group = textId('group', options.group ?? DEFAULT_GROUP);
  }

  /**
   * {@link FlashSale.tryPurchase}, answered at once with the order's status.
   * Refusals are results, as there.
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
   * One order's status, in one round trip: cheap enough to poll.
   *
   * @param reservationId - the id from the purchase
   * @returns the status, or `null` when the sale has no such reservation
   * @throws {@link InvalidArgumentError} for an id that is not of this sale
   */
  async status(reservationId: string): Promise<OrderStatus | null> {
    return readOrderStatus(this.context, this.group, reservationId);
  }
}
