import type { HeldLock } from './held-lock.js';

/**
 * Why an acquisition did not succeed:
 * - `'held'`: another holder has the lock;
 * - `'insufficient-validity'`: the lock was taken, but so late that less than
 *   `minValidityMs` of it remained, so it was given back at once.
 * @group Results
 */
export type NotAcquiredReason = 'held' | 'insufficient-validity';

/**
 * The lock was taken.
 * @group Results
 */
export interface LockAcquired {
  /** Discriminant: the lock is held. */
  readonly acquired: true;
  /** The held lock: its fencing token, `extend()` and `release()`. */
  readonly lock: HeldLock;
  /** How many attempts it took (1 for `tryAcquire`). */
  readonly attempts: number;
}

/**
 * The lock was not taken; nothing is held and nothing needs releasing.
 * @group Results
 */
export interface LockNotAcquired {
  /** Discriminant: the lock is not held. */
  readonly acquired: false;
  /** Why the last attempt failed. */
  readonly reason: NotAcquiredReason;
  /** How many attempts were made. */
  readonly attempts: number;
}

/**
 * What `tryAcquire` and `acquire` resolve to: contention is an outcome, not an error.
 * @group Results
 */
export type AcquireResult = LockAcquired | LockNotAcquired;
