import type { HeldLock } from './held-lock.js';

/**
 * Why an acquisition did not succeed:
 * - `'held'`: another holder has the lock;
 * - `'insufficient-validity'`: the lock was taken, but so late that less than
 *   `minValidityMs` of it remained, so it was given back at once.
 */
export type NotAcquiredReason = 'held' | 'insufficient-validity';

/** The lock was taken. */
export interface LockAcquired {
  /** Discriminant: the lock is held. */
  readonly acquired: true;
  /** The held lock: its fencing token, `extend()` and `release()`. */
  readonly lock: HeldLock;
  /** How many attempts it took (1 for `tryAcquire`). */
  readonly attempts: number;
}

/** The lock was not taken; nothing is held and nothing needs releasing. */
export interface LockNotAcquired {
  /** Discriminant: the lock is not held. */
  readonly acquired: false;
  /** Why the last attempt failed. */
  readonly reason: NotAcquiredReason;
  /** How many attempts were made. */
  readonly attempts: number;
}

/** What `tryAcquire` and `acquire` resolve to: contention is an outcome, not an error. */
export type AcquireResult = LockAcquired | LockNotAcquired;

/** The expiry was reset. */
export interface LockExtended {
  /** Discriminant: the lock is still held. */
  readonly extended: true;
  /** Validity left after the extension, in milliseconds, on the local monotonic clock. */
  readonly validityMs: number;
}

/** The expiry was not reset: the lock is no longer held by this holder. */
export interface LockNotExtended {
  /** Discriminant: the lock is lost. */
  readonly extended: false;
  /**
   * `'expired'` when its validity had already run out locally (Redis was not asked),
   * `'not-held'` when Redis no longer holds this holder's token, `'released'` when
   * this holder had released it.
   */
  readonly reason: 'expired' | 'not-held' | 'released';
}

/** What {@link HeldLock.extend} resolves to. */
export type ExtendResult = LockExtended | LockNotExtended;

/** The lock was deleted. */
export interface LockReleased {
  /** Discriminant: this call deleted the lock. */
  readonly released: true;
}

/** Nothing was deleted: the lock was not this holder's any more (or already released). */
export interface LockNotReleased {
  /** Discriminant: nothing was deleted. */
  readonly released: false;
  /**
   * `'not-held'` when Redis no longer holds this holder's token (it expired, and
   * another holder's lock, if any, was left alone); `'released'` when this holder
   * had already released it.
   */
  readonly reason: 'not-held' | 'released';
}

/** What {@link HeldLock.release} resolves to. */
export type ReleaseResult = LockReleased | LockNotReleased;
