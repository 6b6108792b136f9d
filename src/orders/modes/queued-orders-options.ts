import type { FlashSale } from '../../sale/flash-sale.js';

/**
 * Settings of {@link QueuedOrders}.
 * @group Options
 * @category Order pipeline
 */
export interface QueuedOrdersOptions {
  /** The sale; run an {@link OutboxWorker} on it to place the orders. */
  readonly sale: FlashSale;
  /**
   * The consumer group of the {@link OutboxWorker} that writes the orders: its
   * deliveries move an order from `pending` to `placed`.
   * @defaultValue `'orders'`
   */
  readonly group?: string;
}
