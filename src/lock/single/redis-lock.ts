import { LockerCore } from '../core/locker-core.js';
import type { LockedFunction, Locker } from '../core/locker.js';
import type { AcquireResult } from '../core/results.js';
import type {
  AcquireOptions,
  TryAcquireOptions,
  WithLockOptions,
} from '../options/lock-options.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import type { RedisLockOptions } from './redis-lock-options.js';
import { REDIS_LOCK_SPEC } from './redis-lock-spec.js';
import { SingleInstanceBackend } from './single-instance-backend.js';

/**
 * A distributed lock on one Redis (standalone, Sentinel, or Cluster: each lock
 * lives in one slot). Acquire is `SET key token NX PX ttl` plus a fencing token in
 * one script; extend and release only act while the key still holds this holder's
 * random token. Validity is tracked on the monotonic clock.
 *
 * Mutual exclusion holds as long as the Redis keeping the key does not lose it
 * (a failover to a replica that missed the write can); protect the data you write
 * under the lock with {@link HeldLock.fence} when that matters (see docs/locks.md).
 *
 * @example
 * ```ts
 * const locks = new RedisLock({ redis, ttlMs: 5_000 });
 * const total = await locks.withLock('orders:42', async (signal, lock) => {
 *   return writeOrder(order, { fence: lock.fence, signal });
 * });
 * ```
 * @group Lock
 */
export class RedisLock implements Locker {
  private readonly core: LockerCore;

  /**
   * @param options - the client, defaults and tuning; see {@link RedisLockOptions}
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `redis` is not an
   *   ioredis client, or an option is unknown or invalid (naming it and quoting its value)
   */
  constructor(options: RedisLockOptions) {
    const resolved = resolveOptions(REDIS_LOCK_SPEC, options);
    this.core = new LockerCore(
      new SingleInstanceBackend(resolved.redis, resolved.commandTimeoutMs),
      resolved,
    );
  }

  /**
   * {@inheritDoc Locker.tryAcquire}
   *
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, or an option is unknown or invalid (naming it and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (a lock this call may have taken is released in the
   *   background)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply
   */
  async tryAcquire(key: string, options?: TryAcquireOptions): Promise<AcquireResult> {
    return this.core.tryAcquire(key, options);
  }

  /**
   * {@inheritDoc Locker.acquire}
   *
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, or an option is unknown or invalid (naming it and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (a lock this call may have taken is released in the
   *   background)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply
   * @throws `signal.reason` when the caller's `signal` aborts (a lock taken meanwhile is
   *   released first)
   */
  async acquire(key: string, options?: AcquireOptions): Promise<AcquireResult> {
    return this.core.acquire(key, options);
  }

  /**
   * {@inheritDoc Locker.withLock}
   *
   * @throws {@link LockNotAcquiredError} when the lock could not be had within `waitMs` (`fn`
   *   did not run)
   * @throws {@link LockLostError} when the lock was lost while `fn` ran and `fn` still
   *   resolved (its work ran without exclusive access)
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, `fn` is not a function, or an option is unknown or invalid (naming it
   *   and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when Redis cannot be
   *   reached while acquiring
   * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when Redis does not answer
   *   within `commandTimeoutMs` (a lock this call may have taken is released in the
   *   background)
   * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
   *   error or an unexpected reply
   * @throws `signal.reason` when the caller's `signal` aborts before the lock is taken
   * @throws whatever `fn` throws (the lock is released first)
   */
  async withLock<T>(key: string, fn: LockedFunction<T>, options?: WithLockOptions): Promise<T> {
    return this.core.withLock(key, fn, options);
  }
}
