import type { PurchasingSale } from '../options/purchasing-sale.js';

/**
 * Settings of {@link QueuedOrders}.
 * @group Options
 * @category Order pipeline
 */
export interface QueuedOrdersOptions {
  /**
   * The sale: a {@link FlashSale} (from either build) or a double of one. Run an
   * {@link OutboxWorker} on it to place the orders.
   */
  readonly sale: PurchasingSale;
  /**
   * The consumer group of the {@link OutboxWorker} that writes the orders: its
   * deliveries move an order from `pending` to `placed`.
   * @defaultValue `'orders'`
   */
  readonly group?: string;
}
