/**
 * The pool's connections, counted with CLIENT LIST on a private server (no other
 * test connects to it): 50 sales on one client are delivered over that client's
 * one connection; three OutboxWorkers on the same sales add one blocking
 * connection each (the control: the count sees extra connections). Also the
 * pool's bad input, refused by name before anything reaches Redis.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FlashSale,
  isInvalidArgumentError,
  OutboxWorker,
  OutboxWorkerPool,
} from '../../../src/index.js';
import { unreachableClient } from '../../harness/clients.js';
import { startRedisServer, type RedisServer } from '../../harness/redis-server.js';
import { until } from '../worker/pipeline-fixture.js';
import { openShop, ShopSink } from './shop.js';

describe('the pool on a private server', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer({ args: ['--appendonly', 'no'] });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('uses the sales’ one connection and opens none of its own', async () => {
    const client = new Redis({ port: server.port, maxRetriesPerRequest: 1 });
    const watcher = new Redis({ port: server.port, maxRetriesPerRequest: 1 });
    const connections = async (): Promise<number> =>
      String(await watcher.client('LIST'))
        .split('\n')
        .filter(Boolean).length;
    const shop = await openShop(client, 50, 3);
    try {
      const baseline = await connections();
      expect(baseline).toBe(2); // the sales' client and the watcher
      const sink = new ShopSink();
      const pool = new OutboxWorkerPool({
        sink,
        sales: shop.sales.map((f) => f.sale),
        maxEventsPerWrite: 2,
        minPollIntervalMs: 5,
        maxPollIntervalMs: 50,
      });
      pool.start();
      const seen: number[] = [];
      await until('every event is delivered', async () => {
        seen.push(await connections());
        return pool.stats().written === shop.total;
      });
      const late = await openShop(client, 1, 3, 'late');
      const lateSale = late.sales[0]?.sale;
      if (lateSale === undefined) throw new Error('one late sale');
      expect(pool.add(lateSale)).toBe(true);
      await until('the late sale is delivered', async () => {
        seen.push(await connections());
        return pool.stats().written === shop.total + late.total;
      });
      await pool.stop();
      await late.close();
      expect(seen.length).toBeGreaterThan(1);
      expect(Math.max(...seen)).toBe(baseline);

      // the control: one worker per sale opens one blocking connection each
      const workers = shop.sales
        .slice(0, 3)
        .map((f) => new OutboxWorker({ sale: f.sale, sink, blockMs: 50 }));
      for (const worker of workers) worker.start();
      await until('the workers have connected', async () => (await connections()) === baseline + 3);
      await Promise.all(workers.map(async (worker) => worker.stop()));
    } finally {
      await shop.close();
      client.disconnect();
      watcher.disconnect();
    }
  });
});

describe('the pool’s bad input', () => {
  let offline: Redis;
  beforeAll(async () => {
    offline = await unreachableClient();
  });
  afterAll(() => {
    offline.disconnect();
  });
  const sink = { write: async () => Promise.resolve() };
  const refused = (call: () => unknown, argument: string, value: unknown): void => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(isInvalidArgumentError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ argument, value });
  };

  it('refuses bad sales by name and changes nothing', async () => {
    const a = new FlashSale({ redis: offline, saleId: 'a', keyPrefix: 'p1:' });
    const aElsewhere = { redis: offline, saleId: 'a', keyPrefix: 'p2:' };
    refused(() => new OutboxWorkerPool({ sink, sales: [a, aElsewhere] }), 'sales[1].saleId', 'a');
    refused(
      () => new OutboxWorkerPool({ sink, sales: [a, { redis: offline, saleId: 'b c' }] }),
      'sales[1].saleId',
      'b c',
    );
    refused(
      () => new OutboxWorkerPool({ sink, minPollIntervalMs: 100, maxPollIntervalMs: 10 }),
      'maxPollIntervalMs',
      10,
    );
    const pool = new OutboxWorkerPool({ sink, sales: [a] });
    refused(() => pool.add({ redis: offline, saleId: '' }), 'sale.saleId', '');
    refused(
      () => pool.add({ redis: 'localhost', saleId: 'b' } as never),
      'sale.redis',
      'localhost',
    );
    refused(() => pool.add(aElsewhere), 'sale.saleId', 'a');
    expect(pool.add({ redis: offline, saleId: 'a', keyPrefix: 'p1:' })).toBe(false);
    await expect(pool.remove(42 as never)).rejects.toMatchObject({ argument: 'saleId', value: 42 });
    expect(await pool.remove('unknown')).toBe(false);
    expect(pool.saleIds).toEqual(['a']);
    expect(pool.running).toBe(false);
  });
});
