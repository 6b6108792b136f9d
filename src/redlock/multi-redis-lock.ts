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
 */
export class MultiRedisLock implements Locker {
  private readonly core: LockerCore;

  /**
   * @param options - the servers, defaults and tuning; see {@link MultiRedisLockOptions}
   * @throws `InvalidArgumentError` for an empty or repeated server list, a server
   *   that is not an ioredis client, or an unknown or bad option
   */
  constructor(options: MultiRedisLockOptions) {
    const resolved = resolveOptions(MULTI_REDIS_LOCK_SPEC, options);
    const { servers, driftFactor, commandTimeoutMs } = resolved;
    this.core = new LockerCore(
      new RedlockBackend(servers, driftFactor, commandTimeoutMs),
      resolved,
    );
  }

  /** {@inheritDoc lock!Locker.tryAcquire} */
  async tryAcquire(key: string, options?: TryAcquireOptions): Promise<AcquireResult> {
    return this.core.tryAcquire(key, options);
  }

  /** {@inheritDoc lock!Locker.acquire} */
  async acquire(key: string, options?: AcquireOptions): Promise<AcquireResult> {
    return this.core.acquire(key, options);
  }

  /** {@inheritDoc lock!Locker.withLock} */
  async withLock<T>(key: string, fn: LockedFunction<T>, options?: WithLockOptions): Promise<T> {
    return this.core.withLock(key, fn, options);
  }
}
