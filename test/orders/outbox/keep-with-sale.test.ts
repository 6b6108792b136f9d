/**
 * The pipeline's keys live exactly as long as the sale's keys ("keep with sale",
 * src/orders/outbox/lua/lib/keep-with-sale.lua), and no pipeline script brings back
 * a sale that is gone. The sale's horizon is set by hand here, as the sale's scripts
 * set it: `expireAt` in the meta (every key expires then), or, for sales without the
 * field, the meta key's own TTL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isSaleNotLoadedError } from '../../../src/index.js';
import { openPipeline, type PipelineFixture } from '../worker/pipeline-fixture.js';
import { fourEventsRead } from './four-events.js';

const DAY_MS = 86_400_000;

describe.each(['redis', 'cluster'] as const)('keep with sale on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  const pipelineKeys = () => [f.outbox.delivered, f.outbox.attempts, f.outbox.dead];
  const expireTimes = async (keys: readonly string[]) =>
    Promise.all(keys.map(async (key) => Number(await f.client.call('PEXPIRETIME', key))));
  /** Moves the sale's horizon as the sale's scripts do: `expireAt`, and every sale key. */
  const saleExpiresAt = async (atMs: number) => {
    await f.client.hset(f.keys.meta, 'expireAt', atMs);
    for (const key of f.keys.all) await f.client.pexpireat(key, atMs);
  };

  it("dead letters follow the sale's horizon when it moves after they were written", async () => {
    f = openPipeline(backend);
    const { group, e } = await fourEventsRead(f);
    await group.begin([e[0], e[2]], 5);
    await group.ack([e[0]]); // e[2]'s attempt stays counted: all three keys exist
    await group.deadLetter(e[1], 'released', 1);
    const before = await expireTimes(pipelineKeys());
    for (const at of before) expect(at).toBeGreaterThan(0);

    const later = (before[0] ?? 0) + 10 * DAY_MS; // e.g. the sale's end was moved
    await saleExpiresAt(later);
    await group.trim(60_000); // the worker's periodic call
    expect(await expireTimes(pipelineKeys())).toEqual([later, later, later]);
  });

  it('a dead letter written under `expireAt` expires exactly then', async () => {
    f = openPipeline(backend);
    const { group, e } = await fourEventsRead(f);
    const at = Date.now() + 3 * DAY_MS;
    await saleExpiresAt(at);
    await group.begin([e[2]], 5);
    await group.deadLetter(e[1], 'released', 1);
    expect(await expireTimes(pipelineKeys())).toEqual([at, at, at]);
  });

  it('a sale without an end keeps its pipeline keys without expiry', async () => {
    f = openPipeline(backend);
    const { group, e } = await fourEventsRead(f);
    await f.sale.preload({ stock: 5, force: true }); // the end removed: no expiry
    await group.begin([e[0], e[2]], 5);
    await group.ack([e[0]]);
    await group.deadLetter(e[1], 'released', 1);
    const ttls = await Promise.all(pipelineKeys().map(async (key) => f.client.pttl(key)));
    expect(ttls).toEqual([-1, -1, -1]); // exist (-2 would say missing), no expiry
  });

  it('writes nothing once the sale is gone, and says so with SaleNotLoadedError', async () => {
    f = openPipeline(backend);
    const { group, e, all } = await fourEventsRead(f);
    await f.client.del(...f.keys.all); // the sale's keys expired
    const failures = await Promise.all([
      group.begin(all, 5).catch((error: unknown) => error),
      group.recordFailure([e[0]], new Error('sink down')).catch((error: unknown) => error),
      group.ack([e[0]]).catch((error: unknown) => error),
      group.deadLetter(e[1], 'released', 1).catch((error: unknown) => error),
    ]);
    expect(failures.map((error) => isSaleNotLoadedError(error))).toEqual([true, true, true, true]);
    expect(await group.trim(60_000)).toBe(0);
    expect(await group.touch(all.map((entry) => entry.position))).toEqual(
      new Set(all.map((entry) => entry.position)),
    );
    const exists = await Promise.all(
      [...pipelineKeys(), f.keys.events, f.keys.meta].map(async (key) => f.client.exists(key)),
    );
    expect(exists).toEqual([0, 0, 0, 0, 0]);
  });

  it('writes nothing when only the meta is gone (evicted): no key without expiry', async () => {
    f = openPipeline(backend);
    const { group, e } = await fourEventsRead(f);
    await group.begin([e[0]], 5); // counted: the attempts hash exists
    await f.client.del(f.keys.meta);
    await expect(group.recordFailure([e[0]], new Error('sink down'))).rejects.toSatisfy(
      isSaleNotLoadedError,
    );
    await expect(group.begin([e[0], e[2]], 5)).rejects.toSatisfy(isSaleNotLoadedError);
    await expect(group.ack([e[0]])).rejects.toSatisfy(isSaleNotLoadedError);
    const attempts = await f.client.hgetall(f.outbox.attempts);
    expect(Object.keys(attempts).sort()).toEqual([e[0].position, `${e[0].position}:by`]);
    expect(attempts[e[0].position]).toBe('1');
    expect(await f.client.exists(f.outbox.delivered, f.outbox.dead)).toBe(0);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(4); // nothing acknowledged
  });

  it('refuses a malformed `expireAt` before its first write', async () => {
    f = openPipeline(backend);
    const { group, e } = await fourEventsRead(f);
    await f.client.hset(f.keys.meta, 'expireAt', 'soon');
    await expect(group.begin([e[0]], 5)).rejects.toThrow(/malformed expireAt .*: soon/);
    await expect(group.deadLetter(e[1], 'released', 1)).rejects.toThrow(/malformed expireAt/);
    expect(await f.client.exists(...pipelineKeys())).toBe(0);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(4);
  });
});
