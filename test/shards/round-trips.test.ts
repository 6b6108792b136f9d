/**
 * Round trips of a sold-out sharded sale on a private server: once it has found
 * every shard empty with nothing in transit, a refusal costs no Redis command
 * (MONITOR shows the client sent nothing), as a single sale's does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeShard, ShardedSale } from '../../src/index.js';
import { logClientCommands } from '../harness/client-commands.js';
import { startRedisServer, type RedisServer } from '../harness/redis-server.js';
import { usersHomedOn } from './sharded-fixture.js';

describe('round trips of a sold-out sharded sale', () => {
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
});
