import type { ReservationLine } from './catalog/lines.js';
import type { ReservationMetadata } from './catalog/metadata.js';

/**
 * Where a reservation is in its life: `held` (units set aside, awaiting payment),
 * `sold` (confirmed; final) or `released` (units back in stock; final).
 * @group Results
 * @category Sale
 */
export type ReservationState = 'held' | 'sold' | 'released';

/**
 * Why a hold was released: the buyer or app cancelled it, its deadline passed, or
 * the order could not be written (released automatically to compensate).
 * @group Results
 * @category Sale
 */
export type ReleaseReason = 'cancelled' | 'expired' | 'failed';

/**
 * One buyer's hold on units of a sale, and what became of it.
 *
 * Times are Unix epoch milliseconds read from Redis's clock (`TIME`), so every
 * app server agrees on them whatever its own clock says.
 * @group Results
 * @category Sale
 */
export interface Reservation {
  /**
   * Opaque id: `<saleId>:` and 16 random characters, drawn by the client, so it
   * stays unique when Redis loses recent writes or a sale id is reused, and says
   * nothing about how many were sold.
   */
  readonly id: string;
  /** The sale this reservation belongs to. */
  readonly saleId: string;
  /** The buyer. */
  readonly userId: string;
  /** Units held or sold: the sum over {@link Reservation.lines}. */
  readonly quantity: number;
  /**
   * What is held: one line per item, in the order the buyer gave them (one line
   * for {@link FlashSale.tryPurchase}, several for a cart).
   */
  readonly lines: readonly ReservationLine[];
  /** The caller's metadata given with the purchase, or `null` for none. */
  readonly metadata: ReservationMetadata | null;
  /** Current state. */
  readonly state: ReservationState;
  /** Why it was released, when `state` is `'released'`; otherwise `null`. */
  readonly releaseReason: ReleaseReason | null;
  /** When the hold was made. */
  readonly createdAtMs: number;
  /** The end of the payment window: unpaid at this instant, the hold is released. */
  readonly deadlineMs: number;
  /** When it was sold or released; `null` while held. */
  readonly endedAtMs: number | null;
}
