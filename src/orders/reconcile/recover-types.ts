import type { PreloadOutcome } from '../../sale/ops/preload.js';
import type { PreloadOptions } from '../../sale/ops/preload-options.js';

/**
 * Options of {@link recoverSale}.
 * @group Options
 * @category Order pipeline
 */
export interface RecoverOptions {
  /**
   * The sale's catalog and rules, exactly as its original `preload` was given them
   * (stock, items, limits, times): recovery preloads them again before replaying
   * the orders. Required.
   */
  readonly catalog: PreloadOptions;
  /**
   * Recover onto a sale that is still in Redis (it lost only part of its records).
   * Without it such a sale is refused with {@link SaleStillLoadedError}.
   * @defaultValue `false`
   */
  readonly force?: boolean;
  /**
   * Orders asked of {@link OrderSink.exportOrders} per page, and replayed per script
   * call, 1 to 1000.
   * @defaultValue `200`
   */
  readonly pageSize?: number;
  /**
   * Time limit of each export page, in milliseconds; past it the call's signal is
   * aborted and the recovery rejects with {@link OrderSinkTimeoutError}.
   * @defaultValue `30000`
   */
  readonly storeTimeoutMs?: number;
}

/**
 * Why an order of the store was not replayed: `no_stock` (an item had fewer units
 * available than the order holds: the catalog given is smaller than the one the
 * orders were sold from), `unknown_item` (an item the catalog lacks), `damaged`
 * (the buyer's ledger in Redis is malformed).
 * @group Results
 * @category Order pipeline
 */
export type RecoverRefusal = 'no_stock' | 'unknown_item' | 'damaged';

/**
 * An order of the store {@link recoverSale} could not replay.
 * @group Results
 * @category Order pipeline
 */
export interface RefusedOrder {
  /** The order's reservation id. */
  readonly reservationId: string;
  /** Why it was not replayed. */
  readonly reason: RecoverRefusal;
}

/**
 * What one {@link recoverSale} call rebuilt.
 * @group Results
 * @category Order pipeline
 */
export interface RecoverResult {
  /** What the preload of the catalog did (`created` after a loss). */
  readonly preload: PreloadOutcome;
  /** `reserved` orders made holds again, with their deadline. */
  readonly held: number;
  /** `confirmed` orders made sold again. */
  readonly sold: number;
  /** Live orders whose record Redis still had: left as they were. */
  readonly present: number;
  /** Released orders of the store (cancelled, expired, failed): nothing to rebuild. */
  readonly released: number;
  /** Orders that could not be replayed, and why. */
  readonly refused: readonly RefusedOrder[];
}
