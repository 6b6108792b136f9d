import type { Locker } from '../lock/core/locker.js';
import type { FlashSale } from '../sale/flash-sale.js';

/** Settings of an {@link ExpirySweeper}. Durations are in milliseconds. */
export interface ExpirySweeperOptions {
  /** The sales to sweep. */
  readonly sales: readonly FlashSale[];
  /**
   * Time between the end of one sweep and the start of the next: an unpaid hold
   * returns to stock at most about this long after its deadline (plus the sweep).
   * @defaultValue `1_000`
   */
  readonly intervalMs?: number;
  /**
   * Holds released per `expire()` call; a sweep calls again while more are due.
   * @defaultValue `500`
   */
  readonly maxBatchSize?: number;
  /**
   * Optional leader election: with a lock (e.g. a {@link RedisLock}), only the
   * process holding a sale's lease sweeps it, which saves work when many processes
   * run a sweeper. Without one every process sweeps, which is just as safe: each
   * hold is released exactly once either way.
   * @defaultValue none
   */
  readonly lock?: Locker;
  /**
   * How long a sale's leadership lasts unless renewed (each sweep renews it).
   * @defaultValue three times `intervalMs`, at least `1_000`
   */
  readonly leaseMs?: number;
  /**
   * Called with every error a sweep recovers from (Redis unreachable, …).
   * @defaultValue none
   */
  readonly onError?: (error: unknown, saleId: string) => void;
}

/** Defaults of {@link ExpirySweeperOptions}, in one place. */
export const EXPIRY_SWEEPER_DEFAULTS = {
  /** {@inheritDoc ExpirySweeperOptions.intervalMs} */
  intervalMs: 1_000,
  /** {@inheritDoc ExpirySweeperOptions.maxBatchSize} */
  maxBatchSize: 500,
} as const satisfies Partial<ExpirySweeperOptions>;
