/**
 * Round trips on a private server, where nothing else runs: one tryPurchase is one
 * command; a burst in one tick is one command per batch. INFO commandstats counts
 * the EVALSHA calls; MONITOR shows the client sent nothing else (commandstats alone
 * cannot tell a client's HGET from one its script ran).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlashSale } from '../../../src/index.js';
import { logClientCommands } from '../../harness/client-commands.js';
import { callsBetween, commandCalls } from '../../harness/command-stats.js';
import { startRedisServer, type RedisServer } from '../../harness/redis-server.js';
import { untilRememberedSoldOut } from '../sold-out/sold-out-helpers.js';

describe('round trips of tryPurchase', () => {
  let server: RedisServer;
  let client: Redis;
  let probe: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    client = new Redis({ port: server.port });
    probe = new Redis({ port: server.port });
  });
  afterAll(async () => {
    client.disconnect();
    probe.disconnect();
    await server.stop();
  });

  it('costs exactly one Redis command per call', async () => {
    const sale = new FlashSale({ redis: client, saleId: 'one', keyPrefix: 'rt1:' });
    await sale.preload({ stock: 10, perUserLimit: 10 });
    await sale.tryPurchase('warm-up'); // the first call on a connection may EVAL after NOSCRIPT
    const before = await commandCalls(probe);
    const log = await logClientCommands(server.port, client);
    const result = await sale.tryPurchase('u');
    const sent = await log.stop();
    const delta = callsBetween(before, await commandCalls(probe));
    expect(result.ok).toBe(true);
    expect(sent).toEqual(['evalsha']);
    expect(delta['evalsha']).toBe(1);
    expect(delta['eval']).toBeUndefined();
  });

  it('decides a burst that arrives in one tick with one command per batch, each with its own result', async () => {
    const sale = new FlashSale({
      redis: client,
      saleId: 'burst',
      keyPrefix: 'rt2:',
      maxBatchSize: 10,
    });
    await sale.preload({ stock: 20, perUserLimit: 2 });
    await sale.tryPurchase('warm-up');
    const before = await commandCalls(probe);
    const log = await logClientCommands(server.port, client);
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        sale.tryPurchase(`u${String((i % 20) % 12)}`, { idempotencyKey: `k${String(i % 20)}` }),
      ),
    );
    const sent = await log.stop();
    const delta = callsBetween(before, await commandCalls(probe));
    expect(sent).toEqual(['evalsha', 'evalsha', 'evalsha']);
    expect(delta['evalsha']).toBe(3);
    // Sequential semantics: 12 users, keys k0..k19 then k0..k4 again (replays of
    // the first five), stock 19 left after the warm-up.
    const replays = results.slice(20);
    replays.forEach((replay, i) => {
      const original = results[i];
      expect(
        replay.ok &&
          original?.ok &&
          replay.replayed &&
          replay.reservation.id === original.reservation.id,
      ).toBe(true);
    });
    const fresh = results.slice(0, 20);
    expect(fresh.filter((r) => r.ok).length).toBe(19);
    expect(fresh[19]).toEqual({ ok: false, reason: 'sold_out', line: 0, item: 'default' });
    expect(await sale.stats()).toMatchObject({ available: 0, held: 20 });
  });

  it('answers sold_out from memory with no command at all, once Redis has said it', async () => {
    const sale = new FlashSale({ redis: client, saleId: 'gone', keyPrefix: 'rt3:' });
    await sale.preload({ stock: 1 });
    await sale.tryPurchase('a');
    await untilRememberedSoldOut(sale, 'b');
    const before = await commandCalls(probe);
    const log = await logClientCommands(server.port, client);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => sale.tryPurchase(`u${String(i)}`)),
    );
    const sent = await log.stop();
    const delta = callsBetween(before, await commandCalls(probe));
    expect(new Set(results.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ ok: false, reason: 'sold_out', line: 0, item: 'default' })]),
    );
    expect(sent).toEqual([]);
    expect(delta['evalsha']).toBeUndefined();
    // with the memory off, each refusal is one script call again
    const plain = new FlashSale({
      redis: client,
      saleId: 'gone',
      keyPrefix: 'rt3:',
      rememberSoldOut: false,
      maxBatchSize: 1,
    });
    const log2 = await logClientCommands(server.port, client);
    await plain.tryPurchase('c');
    expect(await log2.stop()).toEqual(['evalsha']);
  });
});
