/**
 * An evicting maxmemory-policy deletes a live sale's keys silently: preload refuses
 * such a server unless the caller accepts the risk.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlashSale, isUnsafeRedisConfigError } from '../../../src/index.js';
import { startRedisServer, type RedisServer } from '../../harness/redis-server.js';

describe('the eviction check', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis({ port: server.port });
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it.each(['allkeys-lru', 'volatile-ttl', 'allkeys-random'])(
    'refuses maxmemory-policy %s, loading nothing',
    async (policy) => {
      await client.config('SET', 'maxmemory-policy', policy);
      const sale = new FlashSale({ redis: client, saleId: `evict-${policy}` });
      const error: unknown = await sale.preload({ stock: 5 }).catch((e: unknown) => e);
      expect(isUnsafeRedisConfigError(error) && error.value).toBe(policy);
      expect((await sale.stats()).phase).toBe('not_loaded');
      expect(await sale.preload({ stock: 5, allowEvictingRedis: true })).toBe('created');
    },
  );

  it('accepts noeviction', async () => {
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    const sale = new FlashSale({ redis: client, saleId: 'safe' });
    expect(await sale.preload({ stock: 5 })).toBe('created');
  });
});
