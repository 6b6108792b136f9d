import type { PurchasingSale } from '../options/purchasing-sale.js';
import type { OrderSink } from '../sink/order-sink.js';

/**
 * Settings of {@link InRequestOrders}.
 * @group Options
 * @category Order pipeline
 */
export interface InRequestOrdersOptions {
  /** The sale: a {@link FlashSale} (from either build) or a double of one. */
  readonly sale: PurchasingSale;
  /** Where orders are written; the same sink an {@link OutboxWorker} may use. */
  readonly sink: OrderSink;
  /**
   * Longest wait for the sink before the write counts as failed (and the hold is
   * released).
   * @defaultValue `5_000`
   */
  readonly writeTimeoutMs?: number;
}
