import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';

/**
 * Why a held lock stopped being held:
 * - `'expired'`: its validity ran out before an extension succeeded (for example
 *   the process was paused, or the event loop was blocked, for longer than the ttl);
 * - `'not-held'`: Redis no longer holds this holder's token (it expired there and
 *   may belong to someone else now);
 * - `'released'`: this holder released it itself;
 * - `'extend-failed'`: an extension failed with an error (see `cause`), so the
 *   lock can no longer be assumed held.
 * @group Errors
 */
export type LockLostReason = 'expired' | 'not-held' | 'released' | 'extend-failed';

/**
 * The lock {@link Locker.withLock} was holding was lost while `fn` ran. It is the
 * `reason` of the AbortSignal given to `fn`, and what `withLock` rejects with when
 * `fn` completes anyway: its work ran without exclusive access, so whatever it
 * wrote must be protected by the fencing token (see docs/locks.md).
 *
 * @see {@link isLockLostError} to recognise it
 * @group Errors
 */
export class LockLostError extends FlashSaleError {
  override readonly name = 'LockLostError' as const;
  /** The lock name. */
  readonly key: string;
  /** How it was lost. */
  readonly reason: LockLostReason;

  /**
   * @param key - the lock name
   * @param reason - how it was lost
   * @param options - `{ cause }` when an extension failed with an error
   */
  constructor(key: string, reason: LockLostReason, options?: ErrorOptions) {
    super('LOCK_LOST', `lock ${JSON.stringify(key)} was lost (${reason})`, options);
    this.key = key;
    this.reason = reason;
  }
}

/**
 * True when `error` is a {@link LockLostError}.
 * @function
 * @group Errors
 */
export const isLockLostError = errorGuard(LockLostError, 'LockLostError');
