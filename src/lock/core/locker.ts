import type { HeldLock } from './held-lock.js';
import type {
  AcquireOptions,
  TryAcquireOptions,
  WithLockOptions,
} from '../options/lock-options.js';
import type { AcquireResult } from './results.js';

/**
 * The work run under {@link Locker.withLock}.
 *
 * @param signal - aborted the moment the lock is lost (its `reason` is a
 *   {@link LockLostError}) or the caller's own `signal` aborts; stop writing then
 * @param lock - the held lock, for its fencing token
 * @group Lock
 */
export type LockedFunction<T> = (signal: AbortSignal, lock: HeldLock) => T | PromiseLike<T>;

/**
 * The interface shared by the single-instance {@link RedisLock} and the
 * multi-instance `MultiRedisLock` (from `flash-sale/redlock`): code written against
 * it works with either.
 * @group Lock
 */
export interface Locker {
  /**
   * One attempt, answered at once.
   *
   * @param key - the lock name, a non-empty string
   * @returns `{ acquired: true, lock }` or `{ acquired: false, reason }`
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, or an option is unknown or invalid (naming it and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached (for `MultiRedisLock`: when so many servers failed that no majority could
   *   answer)
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (`RedisLock`; `MultiRedisLock` counts a timeout as a failed
   *   server)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply (for `MultiRedisLock`: an unexpected fencing token)
   */
  tryAcquire(key: string, options?: TryAcquireOptions): Promise<AcquireResult>;
  /**
   * Tries until the lock is taken or `waitMs` has passed, sleeping between attempts
   * with exponential backoff and full jitter.
   *
   * @param key - the lock name, a non-empty string
   * @returns `{ acquired: true, lock }`, or `{ acquired: false, reason }` once the wait ran out
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, or an option is unknown or invalid (naming it and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached (for `MultiRedisLock`: when so many servers failed that no majority could
   *   answer)
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (`RedisLock`; `MultiRedisLock` counts a timeout as a failed
   *   server)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply (for `MultiRedisLock`: an unexpected fencing token)
   * @throws `signal.reason` when the caller's `signal` aborts (a lock taken meanwhile is
   *   released first)
   */
  acquire(key: string, options?: AcquireOptions): Promise<AcquireResult>;
  /**
   * Acquires the lock (waiting like {@link Locker.acquire}), runs `fn`, keeps the
   * lock extended while `fn` runs, and always releases it afterwards.
   *
   * @param key - the lock name, a non-empty string
   * @param fn - the work; its signal aborts the moment the lock is lost
   * @returns what `fn` returns
   * @throws {@link LockNotAcquiredError} when the lock could not be had within `waitMs` (`fn`
   *   did not run)
   * @throws {@link LockLostError} when the lock was lost while `fn` ran and `fn` still
   *   resolved (its work ran without exclusive access)
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, `fn` is not a function, or an option is unknown or invalid (naming it
   *   and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached while acquiring (for `MultiRedisLock`: when so many servers failed that no
   *   majority could answer)
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (`RedisLock`; `MultiRedisLock` counts a timeout as a failed
   *   server)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply (for `MultiRedisLock`: an unexpected fencing token)
   * @throws `signal.reason` when the caller's `signal` aborts before the lock is taken
   * @throws whatever `fn` throws (the lock is released first)
   */
  withLock<T>(key: string, fn: LockedFunction<T>, options?: WithLockOptions): Promise<T>;
}
