/**
 * Settings shared by {@link RedisLock} and `MultiRedisLock`, fixed at construction
 * (see {@link RedisLockOptions}). Every duration is in milliseconds.
 * @group Options
 */
export interface LockOptions {
  /**
   * Prepended to every lock name. The name itself is wrapped in a Redis Cluster
   * hash tag, so `'orders:42'` becomes `lock:{orders:42}` and its fence counter
   * `lock:{orders:42}:fence`, which always share one slot.
   * @defaultValue `'lock:'`
   */
  readonly keyPrefix?: string;
  /**
   * How long a lock lives unless extended. Also the default of every per-call `ttlMs`.
   * @defaultValue `10_000`
   */
  readonly ttlMs?: number;
  /**
   * How long `acquire` and `withLock` keep trying. Also the default of every per-call `waitMs`.
   * @defaultValue `10_000`
   */
  readonly waitMs?: number;
  /**
   * Base of the exponential backoff between attempts: attempt n sleeps a uniformly
   * random time in `[0, min(maxRetryDelayMs, retryDelayMs × 2^(n−1)))` ("full jitter").
   * @defaultValue `50`
   */
  readonly retryDelayMs?: number;
  /**
   * Cap of the backoff between attempts.
   * @defaultValue `1_000`
   */
  readonly maxRetryDelayMs?: number;
  /**
   * Fraction of the ttl allowed for clock-rate drift between this process and Redis.
   * A lock's validity is `ttlMs − elapsed − (round(ttlMs × driftFactor) + 2)`, the
   * `+ 2` covering Redis's 1 ms expiry precision and rounding.
   * @defaultValue `0.01`
   */
  readonly driftFactor?: number;
  /**
   * A lock whose validity left right after acquiring is below this counts as not
   * acquired (reason `'insufficient-validity'`) and is given back at once: a slow
   * round trip must not hand out a lock that is about to expire.
   * @defaultValue `10`
   */
  readonly minValidityMs?: number;
  /**
   * Limit on each Redis round trip; past it the call rejects with `RedisTimeoutError`
   * instead of hanging while the client reconnects.
   * @defaultValue `2_000`
   */
  readonly commandTimeoutMs?: number;
}

/**
 * Per-call options of `tryAcquire`.
 * @group Options
 */
export interface TryAcquireOptions {
  /**
   * How long the lock lives unless extended.
   * @defaultValue the instance's `ttlMs`
   */
  readonly ttlMs?: number;
}

/**
 * Per-call options of `acquire`.
 * @group Options
 */
export interface AcquireOptions extends TryAcquireOptions {
  /**
   * How long to keep trying; `0` makes a single attempt.
   * @defaultValue the instance's `waitMs`
   */
  readonly waitMs?: number;
  /**
   * Stops waiting: the call rejects with the signal's `reason`. For `withLock` it is
   * also forwarded to `fn`'s signal.
   * @defaultValue none
   */
  readonly signal?: AbortSignal;
}

/**
 * Per-call options of `withLock`.
 * @group Options
 */
export interface WithLockOptions extends AcquireOptions {
  /**
   * How long after each successful extension the next one is sent. Must leave time
   * for a round trip before the validity runs out.
   * @defaultValue a third of `ttlMs`
   */
  readonly extendIntervalMs?: number;
}
