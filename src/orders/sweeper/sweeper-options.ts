import type { Locker } from '../../lock/core/locker.js';
import type { SaleReference } from '../../sale/sale-reference.js';

/**
 * What an {@link ExpirySweeper} calls with each error a sweep recovers from, and the sale's id.
 * @group Options
 * @category Order pipeline
 */
export type SweeperErrorHandler = (error: unknown, saleId: string) => void;

/**
 * Settings of an {@link ExpirySweeper}. Durations are in milliseconds.
 * @group Options
 * @category Order pipeline
 */
export interface ExpirySweeperOptions {
  /** The sales to sweep. */
  readonly sales: readonly SaleReference[];
  /**
   * Time between the end of one sweep and the start of the next: an unpaid hold
   * returns to stock at most about this long after its deadline (plus the sweep).
   * @defaultValue `1_000`
   */
  readonly intervalMs?: number;
  /**
   * Most holds one `expire()` call releases (1 to {@link MAX_RELEASES_PER_CALL});
   * a sweep calls again while more are due.
   * @defaultValue `500`
   */
  readonly maxReleasesPerCall?: number;
  /**
   * Optional leader election: with a lock (e.g. a `RedisLock` from
   * `flash-sale/lock`), only the process holding a sale's lease sweeps it, which
   * saves work when many processes run a sweeper. Without one every process
   * sweeps, which is just as safe: each hold is released exactly once either way.
   * @defaultValue none
   */
  readonly lock?: Locker;
  /**
   * How long a sale's leadership lasts unless renewed (each sweep renews it).
   * More than `intervalMs`.
   * @defaultValue three times `intervalMs`, at least `1_000`
   */
  readonly leaseMs?: number;
  /**
   * Called with every error a sweep recovers from (Redis unreachable, …). A
   * sweeper must not fail silently: while sweeps fail, unpaid holds stay out of
   * stock. Without a handler, the first error of each kind (its class name and
   * code) is reported with `process.emitWarning` (type `'FlashSaleWarning'`, code
   * `'FLASH_SALE_SWEEP_FAILED'`), which Node prints to stderr and
   * `process.on('warning')` can catch; later errors of that kind are not repeated,
   * so an outage does not flood the log.
   * @defaultValue a warning (`process.emitWarning`) once per kind of error
   */
  readonly onError?: SweeperErrorHandler;
}
