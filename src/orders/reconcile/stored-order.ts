import type { ReservationLine } from '../../sale/catalog/lines.js';
import type { ReservationMetadata } from '../../sale/catalog/metadata.js';

/**
 * An order's state in the application's store, named after the last event the
 * store applied to it: `reserved` (held, awaiting payment), `confirmed` (paid),
 * `cancelled`, `expired` or `failed` (released).
 * @group Order pipeline
 */
export type StoredOrderState = 'reserved' | 'confirmed' | 'cancelled' | 'expired' | 'failed';

/**
 * What {@link OrderSink.lookup} and {@link OrderSink.exportOrders} get with each call.
 * @group Order pipeline
 */
export interface OrderStoreContext {
  /** Aborted when the library stops waiting (its caller gave up); stop early if you can. */
  readonly signal: AbortSignal;
}

/**
 * One order as the application's store holds it, as {@link OrderSink.exportOrders}
 * hands it to {@link recoverSale} (and to {@link reconcileSale}'s pass over the store).
 * @group Order pipeline
 */
export interface StoredOrder {
  /** The reservation id (the order's key). */
  readonly reservationId: string;
  /** The buyer. */
  readonly userId: string;
  /** The state the store last applied. */
  readonly state: StoredOrderState;
  /** Units per item, as the purchase asked for them. */
  readonly lines: readonly ReservationLine[];
  /** The hold's deadline (ms since the epoch), from its events. */
  readonly deadlineMs: number;
  /** The purchase's metadata, or `null`. */
  readonly metadata: ReservationMetadata | null;
}
