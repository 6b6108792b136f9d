import type { Reservation } from '../reservation.js';

/**
 * Why a purchase was turned down. These are expected outcomes of a flash sale,
 * returned as values, never thrown:
 * - `not_loaded`: the sale was never preloaded (or its keys have expired)
 * - `not_started` / `ended`: outside the sale window (Redis's clock decides)
 * - `sold_out`: no units left
 * - `insufficient_stock`: some units left, fewer than the quantity asked for
 * - `limit_reached`: the buyer's held + sold units plus this quantity exceed the sale's
 *   or the item's per-user limit
 * - `rate_limited`: more attempts than the sale's {@link PreloadRules.rateLimit} allows,
 *   from this user or this client key; see {@link PurchaseRejection.retryAfterMs}
 * - `busy`: this process already has {@link FlashSaleOptions.maxPendingPurchases}
 *   purchases waiting for Redis; refused at once, before any Redis call (try again
 *   after {@link PurchaseRejection.retryAfterMs})
 * - `invalid_token`: the sale requires a purchase token and none was given, or the
 *   one given is forged, for another buyer or sale, expired or already used
 *   ({@link FlashSale.issuePurchaseToken})
 *
 * The checks run in this order. In this process: a purchase token's signature,
 * the sold-out memory, then the `busy` bound. In Redis: whether the sale is
 * loaded, an idempotent replay, the token's expiry and single use, the rate
 * limits, the sale window, then each line's stock, then the buyer's limits. So a buyer at the limit of an item that is
 * gone hears `sold_out`: the answer needs no look at the buyer's ledger, which
 * keeps a refusal after the sell-out cheap.
 * @group Results
 * @category Sale
 */
export type PurchaseRejectionReason =
  | 'not_loaded'
  | 'not_started'
  | 'ended'
  | 'sold_out'
  | 'insufficient_stock'
  | 'limit_reached'
  | 'rate_limited'
  | 'busy'
  | 'invalid_token';

/**
 * A hold was made (or, for a repeated idempotency key, the original one is returned).
 * @group Results
 * @category Sale
 */
export interface PurchaseSuccess {
  /** Discriminant: the purchase succeeded. */
  readonly ok: true;
  /** The hold. For a replay it is the original reservation in its current state. */
  readonly reservation: Reservation;
  /** True when the idempotency key had been seen: no new unit was taken. */
  readonly replayed: boolean;
}

/**
 * The purchase was turned down; nothing changed (a refused cart holds nothing).
 * @group Results
 * @category Sale
 */
export interface PurchaseRejection {
  /** Discriminant: the purchase was turned down. */
  readonly ok: false;
  /** Why. */
  readonly reason: PurchaseRejectionReason;
  /**
   * The line that was refused (0-based, in the order given; always 0 for
   * {@link FlashSale.tryPurchase}) for `sold_out`, `insufficient_stock` and
   * `limit_reached`; `null` for the reasons that concern the whole sale.
   */
  readonly line: number | null;
  /** The item of the refused line, or `null` when {@link PurchaseRejection.line} is. */
  readonly item: string | null;
  /**
   * For `rate_limited` and `busy`: how long to wait before trying again, in ms, at
   * least 1 (an HTTP handler's `Retry-After`); absent for the other reasons.
   */
  readonly retryAfterMs?: number;
}

/**
 * What {@link FlashSale.tryPurchase} answers.
 *
 * @example
 * ```ts
 * const result = await sale.tryPurchase(userId, { idempotencyKey: requestId });
 * if (result.ok) redirectToPayment(result.reservation.id, result.reservation.deadlineMs);
 * else showMessage(result.reason); // 'sold_out', 'limit_reached', …
 * ```
 * @group Results
 * @category Sale
 */
export type PurchaseResult = PurchaseSuccess | PurchaseRejection;
