import { DIAGNOSTIC_CHANNELS } from './channel-names.js';
import { publisher } from './publisher.js';

/**
 * How a purchase was decided: a new hold (`reserved`), the original hold returned
 * for a repeated idempotency key (`replayed`, no unit taken), an expected refusal
 * (`rejected`, see {@link PurchaseMessage.reason}), or an error thrown to the
 * caller (`error`: Redis failing, an idempotency conflict, an unknown item, …).
 * @group Diagnostics
 */
export type PurchaseOutcome = 'reserved' | 'replayed' | 'rejected' | 'error';

/**
 * Why a purchase was refused: the same values as {@link PurchaseRejectionReason}.
 * @group Diagnostics
 */
export type PurchaseMessageReason =
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
 * One line of a purchase as asked for.
 * @group Diagnostics
 */
export interface MessageLine {
  /** The item. */
  readonly item: string;
  /** Units asked for. */
  readonly quantity: number;
}

/**
 * Published on {@link DIAGNOSTIC_CHANNELS}`.purchase` once per purchase
 * ({@link FlashSale.tryPurchase} or {@link FlashSale.tryPurchaseCart}) that
 * reached the batcher, when its answer is known. A purchase refused by input
 * checks before that publishes nothing, nor does one asked before the first
 * listener subscribed.
 * @group Diagnostics
 */
export interface PurchaseMessage {
  /** The sale. */
  readonly saleId: string;
  /** The buyer. */
  readonly userId: string;
  /** How it was decided. */
  readonly outcome: PurchaseOutcome;
  /** Why it was refused when `outcome` is `'rejected'`; otherwise `null`. */
  readonly reason: PurchaseMessageReason | null;
  /** The item of the refused line, when the refusal names one; otherwise `null`. */
  readonly refusedItem: string | null;
  /** The error's `name` when `outcome` is `'error'`; otherwise `null`. */
  readonly error: string | null;
  /** The lines asked for (one for `tryPurchase`). */
  readonly lines: readonly MessageLine[];
  /** Units asked for: the sum over the lines. */
  readonly quantity: number;
  /** The reservation made or replayed; `null` otherwise. */
  readonly reservationId: string | null;
  /**
   * Milliseconds from the call to its answer (`performance.now()`): the wait for
   * the batch, the script call and decoding.
   */
  readonly latencyMs: number;
  /**
   * Purchases decided by the same script call (1 to the sale's `maxBatchSize`);
   * `0` for a `sold_out` answered from this process's memory, with no Redis call
   * (`FlashSaleOptions.rememberSoldOut`).
   */
  readonly batchSize: number;
  /**
   * This purchase's place in its batch (0-based): count `batchSize` where it is 0
   * to count each script call once (and skip `batchSize` 0).
   */
  readonly batchIndex: number;
}

/** @internal */
export const purchaseChannel = publisher<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
