/**
 * Infrastructure failures surface as typed errors instead of hanging, and lose
 * nothing: a call that timed out is safe to retry with its idempotency key.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FlashSale,
  isRedisCommandError,
  isRedisTimeoutError,
  isRedisUnavailableError,
} from '../../src/index.js';
import { unreachableClient } from '../harness/clients.js';
import { freePort } from '../harness/free-port.js';
import { startRedisServer, type RedisServer } from '../harness/redis-server.js';

describe('when Redis is unreachable', () => {
  it('rejects with RedisUnavailableError on a fail-fast client', async () => {
    const client = await unreachableClient();
    const sale = new FlashSale({ redis: client, saleId: 'down' });
    try {
      const error: unknown = await sale.tryPurchase('u').catch((e: unknown) => e);
      expect(isRedisUnavailableError(error)).toBe(true);
      expect(String(error)).toContain('tryPurchase');
    } finally {
      client.disconnect();
    }
  });

  it('rejects with RedisTimeoutError when a default client keeps queueing while it reconnects', async () => {
    const client = new Redis({ port: await freePort(), lazyConnect: true });
    client.on('error', () => undefined);
    const sale = new FlashSale({ redis: client, saleId: 'down', commandTimeoutMs: 200 });
    try {
      const error: unknown = await sale.stats().catch((e: unknown) => e);
      expect(isRedisTimeoutError(error)).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});

describe('when Redis stalls', () => {
  let server: RedisServer;
  let client: Redis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis({ port: server.port });
    admin = new Redis({ port: server.port });
  });
  afterAll(async () => {
    client.disconnect();
    admin.disconnect();
    await server.stop();
  });

  it('times out with an unknown outcome, and a retry with the same idempotency key learns it', async () => {
    // set up and checked with the default time limit: on a loaded machine 100 ms
    // is only safe for the call that meets the pause
    const setup = new FlashSale({ redis: client, saleId: 'stall' });
    const sale = new FlashSale({ redis: client, saleId: 'stall', commandTimeoutMs: 100 });
    await setup.preload({ stock: 3 });
    await setup.stats(); // scripts are loaded on this connection before the pause
    await setup.tryPurchase('warm-up'); // and the purchase script too
    // far longer than the time limit, so the limit fires first however late its timer runs
    await admin.client('PAUSE', 1500, 'ALL');
    const error: unknown = await sale
      .tryPurchase('u', { idempotencyKey: 'req-1' })
      .catch((e: unknown) => e);
    expect(isRedisTimeoutError(error)).toBe(true);
    // The paused command still runs after the pause. Retry as an app would, until
    // Redis answers: the answer is the original reservation, not a second unit.
    let retry = await sale.tryPurchase('u', { idempotencyKey: 'req-1' }).catch((e: unknown) => e);
    while (isRedisTimeoutError(retry)) {
      retry = await sale.tryPurchase('u', { idempotencyKey: 'req-1' }).catch((e: unknown) => e);
    }
    expect(retry).toMatchObject({
      ok: true,
      replayed: true,
      reservation: { id: expect.stringMatching(/^stall:/) as unknown },
    });
    expect(await setup.stats()).toMatchObject({ available: 1, held: 2 });
  });

  it('reports a server-side refusal as RedisCommandError, changing nothing', async () => {
    const sale = new FlashSale({ redis: client, saleId: 'oom' });
    await sale.preload({ stock: 3 });
    await admin.config('SET', 'maxmemory', '1');
    try {
      const error: unknown = await sale.tryPurchase('u').catch((e: unknown) => e);
      expect(isRedisCommandError(error)).toBe(true);
      expect(String(error)).toContain('OOM');
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    expect(await sale.stats()).toMatchObject({ available: 3, held: 0 });
  });
});
