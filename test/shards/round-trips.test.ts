/**
 * Round trips of a sharded sale on a private server, as MONITOR sees them: once
 * it has found every shard empty with nothing in transit, a refusal costs no
 * Redis command, as a single sale's does; and stats costs the same commands
 * however many transfers were ever made or are open.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeShard, ShardedSale } from '../../src/index.js';
import type { SaleContext } from '../../src/sale/sale-context.js';
import { saleKeys } from '../../src/sale/sale-keys.js';
import { moveUnits } from '../../src/shards/transfer/move-units.js';
import { takeUnits } from '../../src/shards/transfer/transfer-steps.js';
import { logClientCommands } from '../harness/client-commands.js';
import { startRedisServer, type RedisServer } from '../harness/redis-server.js';
import { usersHomedOn } from './sharded-fixture.js';

describe('round trips of a sharded sale', () => {
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

  it('refuses from memory with no command at all, on every home shard', async () => {
    const sale = new ShardedSale({
      redis: client,
      saleId: 'gone',
      keyPrefix: 'srt:',
      shardCount: 3,
      soldOutRecheckMs: 60_000,
    });
    await sale.preload({ stock: 3 });
    const buyers = [0, 1, 2].flatMap((shard) => usersHomedOn(shard, 3, 2, homeShard));
    for (const buyer of buyers.filter((_, index) => index % 2 === 0)) {
      expect((await sale.tryPurchase(buyer)).ok).toBe(true);
    }
    const refused = buyers.filter((_, index) => index % 2 === 1);
    // the first refusals open the subscription and reach the verdict; then none asks Redis
    let quiet = false;
    for (let attempt = 0; attempt < 500 && !quiet; attempt++) {
      const log = await logClientCommands(server.port, client);
      for (const buyer of refused) await sale.tryPurchase(buyer);
      quiet = (await log.stop()).length === 0;
      if (!quiet) await sleep(10);
    }
    expect(quiet).toBe(true);
    const log = await logClientCommands(server.port, client);
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, index) => sale.tryPurchase(refused[index % 3] ?? '')),
    );
    expect(await log.stop()).toEqual([]);
    expect(new Set(results.map((result) => JSON.stringify(result)))).toEqual(
      new Set([JSON.stringify({ ok: false, reason: 'sold_out', line: 0, item: 'default' })]),
    );
    expect(await sale.stats()).toMatchObject({ held: 3, available: 0, inTransit: 0 });
  });

  it('reads stats in the same commands whether one transfer or many were made and are open', async () => {
    const sale = new ShardedSale({
      redis: client,
      saleId: 'stats',
      keyPrefix: 'srt:',
      shardCount: 3,
    });
    await sale.preload({
      items: [
        { id: 'phone', stock: 600 },
        { id: 'case', stock: 300 },
      ],
    });
    const contexts = (await sale.shards()).map((shard): SaleContext => ({
      client,
      saleId: shard.saleId,
      keys: saleKeys('srt:', shard.saleId),
      commandTimeoutMs: 10_000,
    }));
    const [c0, c1, c2] = contexts as [SaleContext, SaleContext, SaleContext];
    const statsCommands = async (): Promise<string[]> => {
      const log = await logClientCommands(server.port, client);
      const stats = await sale.stats();
      const sent = await log.stop();
      // conservation, with the open transfers' units counted once
      expect(stats.available + stats.held + stats.sold + stats.inTransit).toBe(900);
      return sent.sort();
    };
    await takeUnits(c0, 'first', 'phone', 1, c1.saleId, 'test');
    expect(await sale.stats()).toMatchObject({ inTransit: 1 });
    const few = await statsCommands();
    // 250 transfers settled (more than one scan step), and six more open, of both items
    for (let n = 0; n < 250; n++) {
      await moveUnits(n % 2 === 0 ? c2 : c1, c0, n % 3 === 0 ? 'case' : 'phone', 1);
    }
    for (let n = 0; n < 6; n++) {
      await takeUnits(
        c0,
        `open-${String(n)}`,
        n % 2 === 0 ? 'case' : 'phone',
        2,
        c1.saleId,
        'test',
      );
    }
    expect(await sale.stats()).toMatchObject({ inTransit: 13 });
    expect(await statsCommands()).toEqual(few);
  });
});
