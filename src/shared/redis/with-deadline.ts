import { RedisTimeoutError } from '../errors/redis-errors.js';

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
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new RedisTimeoutError(operation, timeoutMs));
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}
