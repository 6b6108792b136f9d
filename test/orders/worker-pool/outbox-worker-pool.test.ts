/**
 * The outbox worker pool on real Redis and on a Cluster (ioredis-mock has no
 * consumer groups, so, like the worker, the pool is not trusted on the mock):
 * many sales served by one pool, on one client.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  OutboxWorkerPool,
  readDeadLetters,
  type OutboxWorkerPoolOptions,
} from '../../../src/index.js';
import { clientFor, type AnyClient } from '../../harness/clients.js';
import { expectInvariants } from '../../sale/invariants.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { firstArrivalsInOrder, FAST_WORKER, until } from '../worker/pipeline-fixture.js';
import { inStreamOrder, openShop, ShopSink, type Shop } from './shop.js';

/** Pool timings short enough for a test to see deliveries and retries promptly. */
const FAST_POOL = {
  retryDelayMs: FAST_WORKER.retryDelayMs,
  maxRetryDelayMs: FAST_WORKER.maxRetryDelayMs,
  trimIntervalMs: FAST_WORKER.trimIntervalMs,
  minPollIntervalMs: 5,
  maxPollIntervalMs: 50,
} as const;

describe.each(['redis', 'cluster'] as const)('OutboxWorkerPool on %s', (backend) => {
  let client: AnyClient;
  let shop: Shop | undefined;
  const pools: OutboxWorkerPool[] = [];
  const pool = (options: OutboxWorkerPoolOptions): OutboxWorkerPool => {
    const created = new OutboxWorkerPool({ ...FAST_POOL, ...options });
    pools.push(created);
    created.start();
    return created;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map(async (p) => p.stop()));
    vi.restoreAllMocks();
    await shop?.close();
    shop = undefined;
    client.disconnect();
  });

  it('delivers 50 sales each exactly once, each sale in stream order, one batch per sale in flight', async () => {
    client = clientFor(backend);
    shop = await openShop(client, 50, 6);
    expect(shop.total).toBe(50 * 10);
    const sink = new ShopSink();
    const p = pool({ sink, sales: shop.sales.map((f) => f.sale), maxEventsPerWrite: 4 });
    const total = shop.total;
    await until('every event is acknowledged', () => p.stats().written === total, 60_000);

    expect(sink.events).toHaveLength(total);
    expect(new Set(sink.events.map((event) => event.id)).size).toBe(total);
    for (const f of shop.sales) {
      const events = sink.ofSale(f.sale.saleId);
      expect(events.map((event) => event.id)).toEqual(shop.expected.get(f.sale.saleId));
      expect(inStreamOrder(events)).toBe(true);
      expect(p.saleStats(f.sale.saleId)).toEqual({
        written: 10,
        failedWrites: 0,
        deadLettered: 0,
        reclaimed: 0,
      });
      expect((await client.xpending(f.keys.events, 'orders'))[0]).toBe(0);
    }
    expect(firstArrivalsInOrder(sink.events)).toBe(true);
    expect(sink.mixedBatches).toBe(0);
    expect(sink.maxInFlightPerSale).toBe(1);
    // several sales were written at once (the default allows 8)
    expect(sink.maxInFlight).toBeGreaterThan(1);
    expect(p.stats()).toEqual({ written: total, failedWrites: 0, deadLettered: 0, reclaimed: 0 });
  });

  it('picks up a sale added after start, and stops reading a removed one', async () => {
    client = clientFor(backend);
    shop = await openShop(client, 3, 2);
    const [a, b, late] = shop.sales;
    if (a === undefined || b === undefined || late === undefined) throw new Error('three sales');
    const sink = new ShopSink();
    const p = pool({ sink, sales: [a.sale, b.sale] });
    await until('a and b are delivered', () => p.stats().written === 8);
    expect(sink.ofSale(late.sale.saleId)).toEqual([]);

    expect(p.add(late.sale)).toBe(true);
    expect(p.add(late.sale)).toBe(false); // already served: nothing changes
    expect(p.saleIds).toEqual([a.sale.saleId, b.sale.saleId, late.sale.saleId]);
    await until('the late sale is delivered', () => p.saleStats(late.sale.saleId)?.written === 4);
    expect(sink.ofSale(late.sale.saleId).map((event) => event.id)).toEqual(
      shop.expected.get(late.sale.saleId),
    );

    expect(await p.remove(a.sale.saleId)).toBe(true);
    expect(await p.remove(a.sale.saleId)).toBe(false);
    expect(p.saleIds).toEqual([b.sale.saleId, late.sale.saleId]);
    const reads = vi.spyOn(client, 'xreadgroup');
    const stray = await mustReserve(a.sale, 'after-removal');
    const kept = await mustReserve(b.sale, 'after-removal');
    await until('b is read and delivered again', () =>
      sink.events.some((event) => event.id === `${kept.id}/reserved`),
    );
    await until('the pool has polled five more times', () => reads.mock.calls.length >= 5);
    const streams = reads.mock.calls.map((call) => String(call.at(-2)));
    expect(streams).not.toContain(a.keys.events);
    expect(streams).toContain(b.keys.events);
    expect(sink.events.some((event) => event.id === `${stray.id}/reserved`)).toBe(false);
    // the removed sale's counts stay in the total
    expect(p.stats().written).toBe(13);
  });

  it('never has two batches of one sale in flight, even with runners to spare', async () => {
    client = clientFor(backend);
    const busy = await openShop(client, 3, 3);
    const quiet = await openShop(client, 1, 0, 'idle'); // loaded, nothing sold: no stream yet
    shop = {
      ...busy,
      close: async () => Promise.all([busy.close(), quiet.close()]).then(() => undefined),
    };
    const [a, b, c] = busy.sales;
    const idle = quiet.sales[0];
    if (a === undefined || b === undefined || c === undefined || idle === undefined) {
      throw new Error('four sales');
    }
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const sink = new ShopSink(undefined, async () => gate);
    // the idle sale has no stream: each poll looks for it (XGROUP CREATE)
    const lookups = vi.spyOn(client, 'xgroup');
    const p = pool({
      sink,
      sales: [a.sale, b.sale, c.sale, idle.sale],
      maxConcurrentSales: 8,
      maxEventsPerWrite: 2,
    });
    await until('a, b and c each have a write in flight', () => sink.calls === 3);
    const pollsOfIdle = (): number =>
      lookups.mock.calls.filter((call) => String(call[1]) === idle.keys.events).length;
    const seen = pollsOfIdle();
    await until('the idle sale was polled five more times', () => pollsOfIdle() >= seen + 5);
    // runners were free all along, and a, b and c have more events than one batch
    expect(sink.calls).toBe(3);
    expect(sink.maxInFlightPerSale).toBe(1);
    open();
    await until('everything is written', () => p.stats().written === 15);
    expect(sink.maxInFlightPerSale).toBe(1);
  });

  it('remove() lets the write in flight finish, acknowledges it, then reads nothing more of the sale', async () => {
    client = clientFor(backend);
    shop = await openShop(client, 2, 3);
    const [a, b] = shop.sales;
    if (a === undefined || b === undefined) throw new Error('two sales');
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const sink = new ShopSink(undefined, async (events) => {
      if (events[0]?.saleId === a.sale.saleId) await gate;
    });
    const p = pool({ sink, sales: [a.sale, b.sale], maxEventsPerWrite: 2 });
    await until(
      'b is delivered and a is writing',
      () => p.stats().written === 5 && sink.calls >= 4,
    );
    expect(sink.ofSale(a.sale.saleId)).toEqual([]);
    let removed = false;
    const removing = p.remove(a.sale.saleId).then((result) => (removed = result));
    expect(p.saleIds).toEqual([b.sale.saleId]);
    open();
    await removing;
    expect(removed).toBe(true);
    expect(sink.ofSale(a.sale.saleId)).toHaveLength(2);
    expect(p.stats().written).toBe(7); // the removed sale's batch counts
    expect((await client.xpending(a.keys.events, 'orders'))[0]).toBe(0);
    const reads = vi.spyOn(client, 'xreadgroup');
    await until('b was polled five more times', () => reads.mock.calls.length >= 5);
    expect(reads.mock.calls.map((call) => String(call.at(-2)))).not.toContain(a.keys.events);
    expect(sink.ofSale(a.sale.saleId)).toHaveLength(2);
  });

  it('keeps delivering every other sale while the sink refuses one sale', async () => {
    client = clientFor(backend);
    shop = await openShop(client, 10, 3);
    const failing = shop.sales[4];
    if (failing === undefined) throw new Error('ten sales');
    const failingId = failing.sale.saleId;
    const sink = new ShopSink((events) =>
      events.some((event) => event.saleId === failingId) ? new Error('sale 4 refused') : undefined,
    );
    const errors: string[] = [];
    const p = pool({
      sink,
      sales: shop.sales.map((f) => f.sale),
      // one sale at a time: a sale that keeps failing must still give way to the others
      maxConcurrentSales: 1,
      maxAttempts: 3,
      onError: (_error, stage, saleId) => errors.push(`${stage} ${saleId}`),
    });
    const others = shop.total - (shop.expected.get(failingId)?.length ?? 0);
    await until('every other sale is delivered', () => sink.events.length === others);
    // its five events die, and the release of its one unpaid, uncancelled hold too
    await until('the refused sale is dead-lettered', async () => {
      return (await readDeadLetters(failing.sale)).length === 6;
    });
    const dead = await readDeadLetters(failing.sale);
    expect(dead.map((letter) => letter.event?.type).sort()).toEqual([
      'cancelled',
      'confirmed',
      'failed',
      'reserved',
      'reserved',
      'reserved',
    ]);
    expect(dead.map((letter) => letter.compensation).sort()).toEqual([
      'already_released',
      'none',
      'none',
      'none',
      'released',
      'sold',
    ]);
    expect(sink.ofSale(failingId)).toEqual([]);
    expect(p.saleStats(failingId)).toMatchObject({ written: 0, deadLettered: 6 });
    expect(new Set(errors)).toEqual(new Set([`write ${failingId}`]));
    for (const f of shop.sales) {
      if (f === failing) continue;
      expect(sink.ofSale(f.sale.saleId).map((event) => event.id)).toEqual(
        shop.expected.get(f.sale.saleId),
      );
    }
    await expectInvariants(client, failing.keys, 1);
  });

  it('is fair: a sale with a long backlog does not hold back the others', async () => {
    client = clientFor(backend);
    const busy = await openShop(client, 1, 120, 'busy');
    const quiet = await openShop(client, 10, 2, 'quiet');
    shop = {
      sales: [...busy.sales, ...quiet.sales],
      expected: new Map([...busy.expected, ...quiet.expected]),
      total: busy.total + quiet.total,
      close: async () => {
        await busy.close();
        await quiet.close();
      },
    };
    const sink = new ShopSink();
    const busyId = busy.sales[0]?.sale.saleId ?? '';
    const p = pool({
      sink,
      // the busy sale first in line, one sale at a time, small batches
      sales: shop.sales.map((f) => f.sale),
      maxConcurrentSales: 1,
      maxEventsPerWrite: 5,
    });
    const total = shop.total;
    await until('everything is delivered', () => p.stats().written === total, 60_000);
    const lastQuiet = sink.batches.findLastIndex((sale) => sale !== busyId);
    const busyBefore = sink.batches.slice(0, lastQuiet).filter((sale) => sale === busyId).length;
    // round robin: the busy sale had one batch before all ten quiet ones had theirs
    expect(busyBefore).toBe(1);
    expect(sink.batches.filter((sale) => sale === busyId)).toHaveLength(busy.total / 5);
  });

  it('reclaims what a stopped pool left in flight: another pool delivers it all', async () => {
    client = clientFor(backend);
    shop = await openShop(client, 5, 3);
    const sales = shop.sales.map((f) => f.sale);
    const stuck = new ShopSink(undefined, async () => new Promise<void>(() => undefined));
    const first = pool({
      sink: stuck,
      sales,
      stopTimeoutMs: 50,
      reclaimIdleMs: 300,
      maxEventsPerWrite: 2,
    });
    await until('every sale has a write in flight', () => stuck.calls === 5);
    await first.stop(); // abandons the writes, acknowledges nothing
    expect(first.stats().written).toBe(0);
    let pending = 0;
    for (const f of shop.sales)
      pending += Number((await client.xpending(f.keys.events, 'orders'))[0]);
    expect(pending).toBe(10);

    const sink = new ShopSink();
    const second = pool({ sink, sales, reclaimIdleMs: 300 });
    const total = shop.total;
    await until('the second pool wrote everything', () => second.stats().written === total);
    expect(second.stats().reclaimed).toBe(10);
    expect(new Set(sink.events.map((event) => event.id)).size).toBe(total);
    expect(firstArrivalsInOrder(sink.events)).toBe(true);
  });
});
