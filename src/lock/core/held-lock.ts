/**
 * A lock this process holds, as returned by `tryAcquire` / `acquire` and passed to
 * the `withLock` callback.
 * @group Lock
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
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `ttlMs` is not an
   *   integer of milliseconds long enough to outlast the clock drift allowance and
   *   `minValidityMs`
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached (for `MultiRedisLock`: when so many servers failed, by error or timeout, that
   *   no majority could answer)
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (`RedisLock` only)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply (`RedisLock` only)
   */
  extend(ttlMs?: number): Promise<ExtendResult>;
  /**
   * Deletes the lock if, and only if, Redis still holds this holder's token, so a
   * late release never deletes the next holder's lock. Safe to call more than once.
   * If Redis fails, the call rejects and the lock frees at its expiry.
   *
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached (for `MultiRedisLock`: when so many servers failed, by error or timeout, that
   *   no majority could answer)
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (`RedisLock` only)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply (`RedisLock` only)
   */
  release(): Promise<ReleaseResult>;
}

/**
 * The expiry was reset.
 * @group Results
 */
export interface LockExtended {
  /** Discriminant: the lock is still held. */
  readonly extended: true;
  /** Validity left after the extension, in milliseconds, on the local monotonic clock. */
  readonly validityMs: number;
}

/**
 * The expiry was not reset: the lock is no longer held by this holder.
 * @group Results
 */
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

/**
 * What {@link HeldLock.extend} resolves to.
 * @group Results
 */
export type ExtendResult = LockExtended | LockNotExtended;

/**
 * The lock was deleted.
 * @group Results
 */
export interface LockReleased {
  /** Discriminant: this call deleted the lock. */
  readonly released: true;
}

/**
 * Nothing was deleted: the lock was not this holder's any more (or already released).
 * @group Results
 */
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

/**
 * What {@link HeldLock.release} resolves to.
 * @group Results
 */
export type ReleaseResult = LockReleased | LockNotReleased;
