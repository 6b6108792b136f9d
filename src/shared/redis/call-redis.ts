import { translateRedisError } from './translate-redis-error.js';
import { withDeadline } from './with-deadline.js';

/**
 * Awaits one Redis call under the time limit and turns whatever it rejects with
 * into this library's typed errors. Every Redis call of the library goes through here.
 * @internal
 */
export async function callRedis<T>(
  operation: string,
  timeoutMs: number,
  pending: Promise<T>,
): Promise<T> {
  try {
    return await withDeadline(operation, timeoutMs, pending);
  } catch (error) {
    throw translateRedisError(operation, error, timeoutMs);
  }
}
