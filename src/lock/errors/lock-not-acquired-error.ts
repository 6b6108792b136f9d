import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';
import type { NotAcquiredReason } from '../core/results.js';

/**
 * {@link Locker.withLock} could not take the lock within its wait limit. `fn` did not
 * run. (`tryAcquire` and `acquire` report the same outcome as a result object.)
 *
 * @example
 * ```ts
 * try {
 *   await locks.withLock('orders:42', work, { waitMs: 500 });
 * } catch (error) {
 *   if (isLockNotAcquiredError(error)) reply(409, 'busy, try again');
 *   else throw error;
 * }
 * ```
 *
 * @see {@link isLockNotAcquiredError} to recognise it
 * @group Errors
 */
export class LockNotAcquiredError extends FlashSaleError {
  override readonly name = 'LockNotAcquiredError' as const;
  /** The lock name that was asked for. */
  readonly key: string;
  /** Why the last attempt failed. */
  readonly reason: NotAcquiredReason;
  /** How many attempts were made. */
  readonly attempts: number;

  /**
   * @param key - the lock name
   * @param reason - why the last attempt failed
   * @param attempts - how many attempts were made
   * @param waitMs - the wait limit that ran out
   */
  constructor(key: string, reason: NotAcquiredReason, attempts: number, waitMs: number) {
    super(
      'LOCK_NOT_ACQUIRED',
      `lock ${JSON.stringify(key)} not acquired after ${attempts} attempt(s) within ${waitMs} ms (${reason})`,
    );
    this.key = key;
    this.reason = reason;
    this.attempts = attempts;
  }
}

/**
 * True when `error` is a {@link LockNotAcquiredError}.
 * @function
 * @group Errors
 */
export const isLockNotAcquiredError = errorGuard(LockNotAcquiredError, 'LockNotAcquiredError');
