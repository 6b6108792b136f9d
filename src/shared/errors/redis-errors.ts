import { errorGuard, FlashSaleError } from './flash-sale-error.js';

/**
 * Redis could not be reached (connection refused, closed, or the client gave up
 * retrying). The operation did not run.
 *
 * @see {@link isRedisUnavailableError} to recognise it
 * @group Errors
 * @category Any operation
 */
export class RedisUnavailableError extends FlashSaleError {
  override readonly name = 'RedisUnavailableError' as const;

  /**
   * @param operation - what was being attempted, e.g. `'tryPurchase'`
   * @param cause - the client's original error
   */
  constructor(operation: string, cause: unknown) {
    super('REDIS_UNAVAILABLE', `${operation}: Redis is unreachable (${messageOf(cause)})`, {
      cause,
    });
  }
}

/**
 * True when `error` is a {@link RedisUnavailableError}.
 * @function
 * @group Errors
 * @category Any operation
 */
export const isRedisUnavailableError = errorGuard(RedisUnavailableError, 'RedisUnavailableError');

/**
 * Redis did not answer within the time limit. The command may still run, so its
 * outcome is unknown: retry with the same idempotency key to learn it safely.
 *
 * @see {@link isRedisTimeoutError} to recognise it
 * @group Errors
 * @category Any operation
 */
export class RedisTimeoutError extends FlashSaleError {
  override readonly name = 'RedisTimeoutError' as const;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * @param operation - what was being attempted
   * @param timeoutMs - the limit that was exceeded
   */
  constructor(operation: string, timeoutMs: number) {
    super(
      'REDIS_TIMEOUT',
      `${operation}: no answer from Redis within ${String(timeoutMs)} ms; the outcome is unknown`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * True when `error` is a {@link RedisTimeoutError}.
 * @function
 * @group Errors
 * @category Any operation
 */
export const isRedisTimeoutError = errorGuard(RedisTimeoutError, 'RedisTimeoutError');

/**
 * Redis answered with an error (for example `OOM`, `READONLY`, `CROSSSLOT`) or with a
 * reply this library did not expect.
 *
 * @see {@link isRedisCommandError} to recognise it
 * @group Errors
 * @category Any operation
 */
export class RedisCommandError extends FlashSaleError {
  override readonly name = 'RedisCommandError' as const;

  /**
   * @param operation - what was being attempted
   * @param cause - the server's error, or a description of the unexpected reply
   */
  constructor(operation: string, cause: unknown) {
    super(
      'REDIS_COMMAND_FAILED',
      `${operation}: Redis replied with an error (${messageOf(cause)})`,
      {
        cause,
      },
    );
  }
}

/**
 * True when `error` is a {@link RedisCommandError}.
 * @function
 * @group Errors
 * @category Any operation
 */
export const isRedisCommandError = errorGuard(RedisCommandError, 'RedisCommandError');

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * The Redis server is configured in a way that can silently corrupt a sale: a
 * `maxmemory-policy` other than `noeviction` lets Redis delete a live sale's keys
 * under memory pressure. Set `maxmemory-policy noeviction`, or accept the risk
 * explicitly (`allowEvictingRedis: true` in the preload options).
 *
 * @see {@link isUnsafeRedisConfigError} to recognise it
 * @group Errors
 * @category Sale
 */
export class UnsafeRedisConfigError extends FlashSaleError {
  override readonly name = 'UnsafeRedisConfigError' as const;
  /** The offending setting, e.g. `'maxmemory-policy'`. */
  readonly setting: string;
  /** Its value on the server. */
  readonly value: string;

  /**
   * @param setting - the offending setting
   * @param value - its value on the server
   */
  constructor(setting: string, value: string) {
    super(
      'UNSAFE_REDIS_CONFIG',
      `Redis has ${setting} ${JSON.stringify(value)}: it may evict a live sale's keys; set maxmemory-policy noeviction, or pass allowEvictingRedis: true to preload to accept the risk`,
    );
    this.setting = setting;
    this.value = value;
  }
}

/**
 * True when `error` is a {@link UnsafeRedisConfigError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isUnsafeRedisConfigError = errorGuard(
  UnsafeRedisConfigError,
  'UnsafeRedisConfigError',
);
