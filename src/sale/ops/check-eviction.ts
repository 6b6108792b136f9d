import { Cluster, type Redis } from 'ioredis';
import { callRedis } from '../../shared/redis/call-redis.js';
import { isRedisCommandError, UnsafeRedisConfigError } from '../../shared/errors/redis-errors.js';
import type { SaleContext } from '../sale-context.js';

// Only this policy never deletes keys under memory pressure; the volatile-* ones
// delete keys with a TTL, which every key of a sale with an end has.
const SAFE_POLICY = 'noeviction';

async function policyOf(context: SaleContext, node: Redis): Promise<string | undefined> {
  try {
    const reply: unknown = await callRedis(
      'preload',
      context.commandTimeoutMs,
      node.config('GET', 'maxmemory-policy'),
    );
    return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined;
  } catch (error) {
    // CONFIG is disabled or renamed on some managed services: nothing to check with
    if (isRedisCommandError(error)) return undefined;
    throw error;
  }
}

/**
 * Refuses a server (every master of a Cluster) whose `maxmemory-policy` may evict
 * a live sale's keys: eviction deletes held counters or ledgers silently, and no
 * script can tell afterwards what was lost.
 * @internal
 */
export async function checkEviction(context: SaleContext): Promise<void> {
  const client = context.client;
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  for (const node of nodes) {
    const policy = await policyOf(context, node);
    if (policy !== undefined && policy !== SAFE_POLICY) {
      throw new UnsafeRedisConfigError('maxmemory-policy', policy);
    }
  }
}
