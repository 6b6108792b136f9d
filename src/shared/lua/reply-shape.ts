import { RedisCommandError } from '../errors/redis-errors.js';

/**
 * Checks that a script answered with a list, so decoders can index it. A
 * different shape means a protocol mismatch, reported as {@link RedisCommandError}.
 * @internal
 */
export function replyList(operation: string, reply: unknown): readonly unknown[] {
  if (!Array.isArray(reply)) {
    throw new RedisCommandError(operation, `unexpected reply ${JSON.stringify(reply)}`);
  }
  return reply;
}

/**
 * Reads entry `index` of a script reply as a number (scripts answer integers,
 * or numeric strings for values that can exceed 32 bits on ioredis-mock).
 * @internal
 */
export function replyNumber(operation: string, reply: readonly unknown[], index: number): number {
  const value = reply[index];
  const number = typeof value === 'string' && value !== '' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number)) {
    throw new RedisCommandError(
      operation,
      `entry ${String(index)} of the reply is not a number: ${String(value)}`,
    );
  }
  return number;
}
