import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RedisClient } from './redis-client.js';

/** What the library calls on a client besides plain commands; ioredis-mock has them too. */
const CLIENT_METHODS = ['defineCommand', 'evalsha', 'duplicate', 'disconnect'] as const;

/**
 * Returns `value` when it looks like an ioredis client (`Redis`, `Cluster`, or
 * ioredis-mock), so a wrong value fails at construction, naming it, instead of
 * with a bare TypeError at the first call. Duck-typed on purpose: the ESM and CJS
 * builds of ioredis, or two copies of it, do not share classes.
 *
 * @param argument - the option's name, e.g. `'redis'` or `'servers[1]'`
 * @throws `InvalidArgumentError` naming `argument`
 * @internal
 */
export function checkRedisClient(argument: string, value: unknown): RedisClient {
  let isClient: boolean;
  try {
    isClient =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      CLIENT_METHODS.every((method) => typeof Reflect.get(value, method) === 'function');
  } catch {
    isClient = false; // a revoked Proxy, or one whose traps throw
  }
  if (!isClient) {
    throw new InvalidArgumentError(argument, value, 'an ioredis client (Redis or Cluster)');
  }
  return value as RedisClient;
}
