import type { ExtendResult, ReleaseResult } from './results.js';

/**
 * A lock this process holds, as returned by `tryAcquire` / `acquire` and passed to
 * the `withLock` callback.
 */
export interface HeldLock {
  /** The lock name, as passed to `acquire` (without the key prefix). */
  readonly key: string;
  /**
   * The fencing token of this acquisition: strictly greater than the token of every
   * earlier acquisition of the same key. Pass it to the storage you write under the
   * lock and have the storage reject writes carrying a smaller token than the
   * largest it has seen (see docs/locks.md). Increasing, not consecutive.
   */
  readonly fence: number;
  /**
   * Milliseconds of validity left, measured on this process's monotonic clock
   * (`performance.now()`) from before the acquire or extend was sent, minus the
   * clock drift allowance. At 0 or below, treat the lock as lost.
   */
  remainingMs(): number;
  /**
   * Resets the expiry to `ttlMs` from now if this holder still holds the lock.
   * Refuses without asking Redis once {@link HeldLock.remainingMs} has run out.
   *
   * @param ttlMs - the new expiry in milliseconds; defaults to the ttl it was acquired with
   * @throws {@link InvalidArgumentError} for a bad `ttlMs`, and the Redis errors
   *   (`RedisUnavailableError`, `RedisTimeoutError`, `RedisCommandError`) when Redis fails
   */
  extend(ttlMs?: number): Promise<ExtendResult>;
  /**
   * Deletes the lock if, and only if, Redis still holds this holder's token, so a
   * late release never deletes the next holder's lock. Safe to call more than once.
   *
   * @throws the Redis errors when Redis fails (the lock then frees at its expiry)
   */
  release(): Promise<ReleaseResult>;
}
