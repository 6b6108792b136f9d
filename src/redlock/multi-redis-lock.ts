import { LockerCore } from '../lock/core/locker-core.js';
import type { LockedFunction, Locker } from '../lock/core/locker.js';
import type { AcquireResult } from '../lock/core/results.js';
import type {
  AcquireOptions,
  TryAcquireOptions,
  WithLockOptions,
} from '../lock/options/lock-options.js';
import { resolveOptions } from '../shared/options/resolve-options.js';
import type { MultiRedisLockOptions } from './multi-redis-lock-options.js';
import { MULTI_REDIS_LOCK_SPEC } from './multi-redis-lock-spec.js';
import { RedlockBackend } from './redlock-backend.js';

/**
 * A distributed lock over N independent Redis servers (the Redlock algorithm, run by
 * the `redlock` 4.2 package): a lock is held when a majority of servers took it
 * and enough validity remains. It keeps working while a minority of servers is
 * down; with a majority down, calls reject with `RedisUnavailableError`.
 *
 * Same interface ({@link Locker}), options, results and errors as the
 * single-instance `RedisLock`. The fencing token takes two extra round trips per
 * acquisition (a quorum-read of per-server counters, then a quorum-write of the
 * largest) and strictly increases across holders as long as no server loses its
 * counter; Redlock's mutual exclusion itself rests on timing assumptions, which is
 * exactly why the fence should guard the data (see docs/locks.md).
 *
 * Use an odd number of servers (3 or 5), each an independent primary (not a
 * replica, not a Cluster node), with clients that fail fast when a server is
 * down (`enableOfflineQueue: false`, or the `commandTimeoutMs` option bounds it).
 *
 * @example
 * ```ts
 * import { MultiRedisLock } from 'flash-sale/redlock';
 * const locks = new MultiRedisLock({ servers: [redisA, redisB, redisC], ttlMs: 5_000 });
 * await locks.withLock('payouts:daily', async (signal, lock) => runPayouts(lock.fence, signal));
 * ```
 * @group Lock
 */
export class MultiRedisLock implements Locker {
  private readonly core: LockerCore;

  /**
   * @param options - the servers, defaults and tuning; see {@link MultiRedisLockOptions}
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `servers` is
   *   empty, repeats a client or holds something that is not an ioredis client, or an option
   *   is unknown or invalid (naming it and quoting its value)
   */
  constructor(options: MultiRedisLockOptions) {
    const resolved = resolveOptions(MULTI_REDIS_LOCK_SPEC, options);
    const { servers, driftFactor, commandTimeoutMs } = resolved;
    this.core = new LockerCore(
      new RedlockBackend(servers, driftFactor, commandTimeoutMs),
      resolved,
    );
  }

  /**
   * {@inheritDoc lock!Locker.tryAcquire}
   *
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, or an option is unknown or invalid (naming it and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when so many servers
   *   failed (an error, or no answer within `commandTimeoutMs`) that no majority could answer
   * @throws {@link index!RedisCommandError | RedisCommandError} when a server answers the
   *   fencing script with something that is not a fencing token
   */
  async tryAcquire(key: string, options?: TryAcquireOptions): Promise<AcquireResult> {
    return this.core.tryAcquire(key, options);
  }

  /**
   * {@inheritDoc lock!Locker.acquire}
   *
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, or an option is unknown or invalid (naming it and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when so many servers
   *   failed (an error, or no answer within `commandTimeoutMs`) that no majority could answer
   * @throws {@link index!RedisCommandError | RedisCommandError} when a server answers the
   *   fencing script with something that is not a fencing token
   * @throws `signal.reason` when the caller's `signal` aborts (a lock taken meanwhile is
   *   released first)
   */
  async acquire(key: string, options?: AcquireOptions): Promise<AcquireResult> {
    return this.core.acquire(key, options);
  }

  /**
   * {@inheritDoc lock!Locker.withLock}
   *
   * @throws {@link lock!LockNotAcquiredError | LockNotAcquiredError} when the lock could not
   *   be had within `waitMs` (`fn` did not run)
   * @throws {@link lock!LockLostError | LockLostError} when the lock was lost while `fn` ran
   *   and `fn` still resolved (its work ran without exclusive access)
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `key` is not a
   *   non-empty string, `fn` is not a function, or an option is unknown or invalid (naming it
   *   and quoting its value)
   * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when so many servers
   *   failed while acquiring (an error, or no answer within `commandTimeoutMs`) that no
   *   majority could answer
   * @throws {@link index!RedisCommandError | RedisCommandError} when a server answers the
   *   fencing script with something that is not a fencing token
   * @throws `signal.reason` when the caller's `signal` aborts before the lock is taken
   * @throws whatever `fn` throws (the lock is released first)
   */
  async withLock<T>(key: string, fn: LockedFunction<T>, options?: WithLockOptions): Promise<T> {
    return this.core.withLock(key, fn, options);
  }
}
