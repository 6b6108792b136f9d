import type { ReservationLine } from '../../sale/catalog/lines.js';
import type { ReservationMetadata } from '../../sale/catalog/metadata.js';

/**
 * What happened to a reservation: `reserved` (a hold was made), then exactly one of
 * `confirmed` (paid), `cancelled`, `expired` (its deadline passed unpaid) or
 * `failed` (its order could not be written, so the hold was released).
 * @group Order pipeline
 */
export type OrderEventType = 'reserved' | 'confirmed' | 'cancelled' | 'expired' | 'failed';

/**
 * One change of a reservation, as an {@link OrderSink} receives it.
 *
 * A reservation has one `reserved` event and at most one later event, so
 * {@link OrderEvent.id} (`<reservationId>/<type>`) names the change itself: the
 * outbox worker and the in-request path give the same event the same id, and a
 * sink uses it as the idempotency key.
 * @group Order pipeline
 */
export interface OrderEvent {
  /** Unique, stable idempotency key: `<reservationId>/<type>`, e.g. `'drop:42/reserved'`. */
  readonly id: string;
  /** What happened. */
  readonly type: OrderEventType;
  /** The sale. */
  readonly saleId: string;
  /** The reservation (`<saleId>:<16 random characters>`). */
  readonly reservationId: string;
  /** The buyer. */
  readonly userId: string;
  /** Units reserved: the sum over {@link OrderEvent.lines}. */
  readonly quantity: number;
  /** The reservation's lines, one per item, so a sink can write a complete order. */
  readonly lines: readonly ReservationLine[];
  /** The caller's metadata given with the purchase (price, variant, …), or `null`. */
  readonly metadata: ReservationMetadata | null;
  /** When it happened, by Redis's clock (Unix epoch ms). */
  readonly atMs: number;
  /** The reservation's payment deadline (Unix epoch ms). */
  readonly deadlineMs: number;
  /**
   * The event's entry id in the sale's outbox stream, or `null` when the event was
   * written in-request, before the outbox delivered it.
   */
  readonly position: string | null;
}

/** The idempotency key of one change of one reservation. @internal */
export function orderEventId(reservationId: string, type: OrderEventType): string {
  return `${reservationId}/${type}`;
}
