/**
 * reconcileSale against an order store in memory, on Redis, Cluster and the mock:
 * every kind of drift is found with exact counts, the repairable ones are
 * re-emitted through the outbox (each event once, rebuilt from its record), and
 * once delivered a second reconcile finds nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  FlashSale,
  isInvalidArgumentError,
  isOrderSinkTimeoutError,
  isSaleNotLoadedError,
  reconcileSale,
  type Reservation,
} from '../../../src/index.js';
import { decodeEntries } from '../../../src/orders/outbox/decode-entry.js';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import { runSaleScript } from '../../../src/sale/sale-context.js';
import { saleContextOf } from '../../../src/sale/sale-reference.js';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { openSale, type SaleFixture } from '../../sale/sale-fixture.js';
import { MemoryOrderStore } from './memory-store.js';

/** Hands every event in the outbox to the store, then empties the stream (a worker's trim). */
async function deliver(f: SaleFixture, store: MemoryOrderStore): Promise<number> {
  const entries = decodeEntries(await f.client.xrange(f.keys.events, '-', '+'));
  await store.write(entries.flatMap((entry) => (entry.event === null ? [] : [entry.event])));
  await f.client.del(f.keys.events);
  return entries.length;
}

describe.each(BACKENDS)('reconcileSale on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  /** held a, sold b, cancelled c, held d, sold e, cancelled g; all delivered to the store. */
  async function history(store: MemoryOrderStore): Promise<Record<string, Reservation>> {
    await f.sale.preload({ stock: 20, perUserLimit: 5 });
    const made: Record<string, Reservation> = {};
    for (const name of ['a', 'b', 'c', 'd', 'e', 'g']) made[name] = await mustReserve(f.sale, name);
    const { b, c, e, g } = made as Record<'b' | 'c' | 'e' | 'g', Reservation>;
    await f.sale.confirm(b.id);
    await f.sale.confirm(e.id);
    await f.sale.cancel(c.id);
    await f.sale.cancel(g.id);
    expect(await deliver(f, store)).toBe(10);
    return made;
  }

  it('finds every kind of drift, repairs the safe ones, and then finds only what it left', async () => {
    f = openSale(backend, 'drop');
    const store = new MemoryOrderStore();
    const r = await history(store);
    const id = (name: string): string => r[name]?.id ?? '';
    store.forget(id('a')); // held, order missing
    store.forget(id('b')); // sold, order missing
    store.rollBack(id('c')); // cancelled in Redis, store behind
    store.rollBack(id('e')); // sold in Redis, store behind
    store.setState(id('d'), 'confirmed'); // held in Redis, paid in the store
    store.setState(id('g'), 'confirmed'); // released in Redis, paid in the store
    store.orders.set('drop:ghost', {
      ...(store.orders.get(id('d')) ?? ({} as never)),
      reservationId: 'drop:ghost',
      state: 'reserved',
    });

    const first = await reconcileSale(f.sale, store, { pageSize: 2 });
    expect(first.scanned).toBe(6);
    expect(first.storeScanned).toBe(5); // a and b are gone from the store, ghost is new
    expect(first.inFlight).toBe(0);
    expect(first.counts).toEqual({ missing: 2, stale: 2, conflict: 2, orphan: 1 });
    const repairedEvents = Object.fromEntries(
      first.repaired.map((drift) => [drift.reservationId, drift.events]),
    );
    expect(repairedEvents).toEqual({
      [id('a')]: ['reserved'],
      [id('b')]: ['reserved', 'confirmed'],
      [id('c')]: ['cancelled'],
      [id('e')]: ['confirmed'],
    });
    expect(
      first.unrepaired.map((drift) => [drift.reservationId, drift.kind, drift.reason]).sort(),
    ).toEqual(
      [
        [id('d'), 'conflict', 'conflict'],
        [id('g'), 'conflict', 'conflict'],
        ['drop:ghost', 'orphan', 'orphan'],
      ].sort(),
    );
    expect(first.unrepaired.find((drift) => drift.reservationId === id('g'))).toMatchObject({
      redisState: 'cancelled',
      storeState: 'confirmed',
    });

    // the re-emitted events are the originals: same ids, lines, times as the first ones
    const reemitted = decodeEntries(await f.client.xrange(f.keys.events, '-', '+')).map(
      (entry) => entry.event,
    );
    expect(reemitted.map((event) => event?.id).sort()).toEqual(
      [
        `${id('a')}/reserved`,
        `${id('b')}/reserved`,
        `${id('b')}/confirmed`,
        `${id('c')}/cancelled`,
        `${id('e')}/confirmed`,
      ].sort(),
    );
    const bReserved = reemitted.find((event) => event?.id === `${id('b')}/reserved`);
    expect(bReserved).toMatchObject({
      userId: 'b',
      quantity: 1,
      lines: [{ item: 'default', quantity: 1 }],
      atMs: r['b']?.createdAtMs,
      deadlineMs: r['b']?.deadlineMs,
    });

    // before delivery, the repairs are in flight, not drift again, and not re-emitted
    const again = await reconcileSale(f.sale, store);
    expect(again.inFlight).toBe(4);
    expect(again.counts).toEqual({ missing: 0, stale: 0, conflict: 2, orphan: 1 });
    expect(again.repaired).toEqual([]);
    expect(await f.client.xlen(f.keys.events)).toBe(5);

    expect(await deliver(f, store)).toBe(5);
    const after = await reconcileSale(f.sale, store);
    expect(after.counts).toEqual({ missing: 0, stale: 0, conflict: 2, orphan: 1 });
    expect(after.inFlight).toBe(0);
    expect(after.repaired).toEqual([]);

    // settled by hand: nothing left
    store.setState(id('d'), 'reserved');
    store.setState(id('g'), 'cancelled');
    store.orders.delete('drop:ghost');
    const clean = await reconcileSale(f.sale, store);
    expect(clean.counts).toEqual({ missing: 0, stale: 0, conflict: 0, orphan: 0 });
    expect(clean.unrepaired).toEqual([]);
    expect(clean.scanned).toBe(6);
  });

  it('only reports with repair: false, and without exportOrders skips the store pass', async () => {
    f = openSale(backend, 'drop');
    const store = new MemoryOrderStore();
    const r = await history(store);
    store.forget(r['b']?.id ?? '');
    const lookupOnly = { write: store.write.bind(store), lookup: store.lookup.bind(store) };
    const result = await reconcileSale(f.sale, lookupOnly, { repair: false });
    expect(result.storeScanned).toBeNull();
    expect(result.counts).toEqual({ missing: 1, stale: 0, conflict: 0, orphan: 0 });
    expect(result.unrepaired).toMatchObject([{ kind: 'missing', reason: 'report_only' }]);
    expect(await f.client.exists(f.keys.events)).toBe(0);
  });

  it('cannot repair a sale without an outbox, and says so', async () => {
    f = openSale(backend, 'drop');
    const store = new MemoryOrderStore();
    await f.sale.preload({ stock: 5, perUserLimit: 5, outbox: false });
    const held = await mustReserve(f.sale, 'u');
    const result = await reconcileSale(f.sale, store);
    expect(result.unrepaired).toMatchObject([
      { reservationId: held.id, kind: 'missing', reason: 'outbox_off' },
    ]);
  });

  it('re-emits from the record once per call, even when the call is sent twice', async () => {
    f = openSale(backend, 'drop');
    await f.sale.preload({ stock: 5, perUserLimit: 5 });
    const held = await mustReserve(f.sale, 'u');
    const cancelled = await mustReserve(f.sale, 'v');
    await f.sale.cancel(cancelled.id);
    await f.client.del(f.keys.events);
    const context = saleContextOf(f.sale);
    const op = [f.keys.op('resent')];
    const args = [60_000, held.id, '1', '', cancelled.id, '0', 'confirmed', 'drop:none', '1', ''];
    const one = await runSaleScript(context, SALE_SCRIPTS.reemit, 'test', args, op);
    const two = await runSaleScript(context, SALE_SCRIPTS.reemit, 'test', args, op);
    expect(one).toBe('ecg'); // appended, no longer in that state, gone
    expect(two).toBe('ecg');
    expect(await f.client.xlen(f.keys.events)).toBe(1);
    await f.client.del(op[0] ?? '');
  });

  it('refuses bad input by name and a sale that is gone, changing nothing', async () => {
    f = openSale(backend, 'drop');
    const store = new MemoryOrderStore();
    const noLookup = { write: store.write.bind(store) };
    await expect(reconcileSale(f.sale, noLookup)).rejects.toSatisfy(
      (error) => isInvalidArgumentError(error) && String(error).includes('sink.lookup'),
    );
    await expect(reconcileSale(f.sale, store, { pageSize: 0 })).rejects.toSatisfy(
      (error) => isInvalidArgumentError(error) && String(error).includes('pageSize'),
    );
    await expect(reconcileSale(f.sale, store, { bogus: 1 } as never)).rejects.toSatisfy(
      isInvalidArgumentError,
    );
    await expect(reconcileSale(f.sale, store)).rejects.toSatisfy(isSaleNotLoadedError);
    const bad = { write: store.write.bind(store), lookup: async () => Promise.resolve({}) };
    await f.sale.preload({ stock: 5, perUserLimit: 5 });
    await mustReserve(f.sale, 'u');
    await expect(reconcileSale(f.sale, bad as never)).rejects.toSatisfy(
      (error) => isInvalidArgumentError(error) && String(error).includes('lookup'),
    );
    expect(f.sale).toBeInstanceOf(FlashSale);
    // a store that never answers: its signal is aborted, the call rejects typed
    let aborted: AbortSignal | undefined;
    const stuck = {
      write: store.write.bind(store),
      lookup: async (_ids: readonly string[], { signal }: { signal: AbortSignal }) => {
        aborted = signal;
        return new Promise<never>(() => undefined);
      },
    };
    await expect(reconcileSale(f.sale, stuck, { storeTimeoutMs: 20 })).rejects.toSatisfy(
      isOrderSinkTimeoutError,
    );
    expect(aborted?.aborted).toBe(true);
  });
});
