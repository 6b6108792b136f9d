import { RedisTimeoutError } from '../errors/redis-errors.js';
import { withTimeLimit } from '../timing/time-limit.js';

/**
 * Rejects with {@link RedisTimeoutError} when `pending` has not settled within
 * `timeoutMs`. ioredis would otherwise queue commands while it reconnects, and a
 * buyer's request would hang instead of failing fast. The timer never keeps the
 * process alive.
 */
export async function withDeadline<T>(
  operation: string,
  timeoutMs: number,
  pending: Promise<T>,
): Promise<T> {
  return withTimeLimit(pending, timeoutMs, () => new RedisTimeoutError(operation, timeoutMs));
}
