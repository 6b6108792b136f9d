/**
 * recoverSale from an order store in memory, on Redis, Cluster and the mock: a
 * sale whose keys were wiped mid-sale is rebuilt from the store's orders (holds
 * with their deadlines, sold units, every buyer's ledger), and selling goes on to
 * exhaustion with many concurrent buyers, never past the stock or a buyer's limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  isInvalidArgumentError,
  isSaleStillLoadedError,
  recoverSale,
  type Reservation,
} from '../../../src/index.js';
import { decodeEntries } from '../../../src/orders/outbox/decode-entry.js';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import { runSaleScript } from '../../../src/sale/sale-context.js';
import { saleContextOf } from '../../../src/sale/sale-reference.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants, hashEntries } from '../../sale/invariants.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { openSale, type SaleFixture } from '../../sale/sale-fixture.js';
import { MemoryOrderStore } from './memory-store.js';

const STOCK = 40;
const LIMIT = 3;
const CATALOG = { stock: STOCK, perUserLimit: LIMIT, holdMs: 600_000 } as const;

async function deliver(f: SaleFixture, store: MemoryOrderStore): Promise<void> {
  const entries = decodeEntries(await f.client.xrange(f.keys.events, '-', '+'));
  await store.write(entries.flatMap((entry) => (entry.event === null ? [] : [entry.event])));
}

describe.each(BACKENDS)('recoverSale on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('rebuilds a wiped sale from the store, then sells to exhaustion without overselling', async () => {
    f = openSale(backend, 'drop');
    const store = new MemoryOrderStore();
    await f.sale.preload(CATALOG);
    // 10 buyers take 2 units each: 3 pay, 3 cancel, 4 keep holding
    const made: Reservation[] = [];
    for (let i = 0; i < 10; i += 1) made.push(await mustReserve(f.sale, `u${String(i)}`, 2));
    for (const r of made.slice(0, 3)) await f.sale.confirm(r.id);
    for (const r of made.slice(3, 6)) await f.sale.cancel(r.id);
    await deliver(f, store);
    const before = await expectInvariants(f.client, f.keys, LIMIT);
    expect([before.sold, before.held, before.available]).toEqual([6, 8, 26]);

    await f.client.del(...f.keys.all); // Redis lost the sale
    const result = await recoverSale(f.sale, store, { catalog: CATALOG, pageSize: 3 });
    expect(result).toEqual({
      preload: 'created',
      held: 4,
      sold: 3,
      present: 0,
      released: 3,
      refused: [],
    });
    const after = await expectInvariants(f.client, f.keys, LIMIT);
    expect([after.sold, after.held, after.available]).toEqual([6, 8, 26]);
    const held = made[6];
    if (held === undefined) throw new Error('no hold');
    const status = await f.sale.reservation(held.id);
    expect(status).toMatchObject({ state: 'held', userId: 'u6', deadlineMs: held.deadlineMs });

    // recovering again changes nothing; without force it is refused
    await expect(recoverSale(f.sale, store, { catalog: CATALOG })).rejects.toSatisfy(
      isSaleStillLoadedError,
    );
    const holdsBefore = await hashEntries(f.client, f.keys.holds);
    const again = await recoverSale(f.sale, store, { catalog: CATALOG, force: true });
    expect(again).toMatchObject({ preload: 'unchanged', held: 0, sold: 0, present: 7 });
    expect(await hashEntries(f.client, f.keys.holds)).toEqual(holdsBefore);

    // the recovered holds still end: one is paid, one cancelled
    await f.sale.confirm(made[6]?.id ?? '');
    await f.sale.cancel(made[7]?.id ?? '');

    // everybody buys at once, the old buyers too, until nothing is left
    const buyers = Array.from({ length: 40 }, (_, i) => `u${String(i % 25)}`);
    const bought: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const results = await Promise.all(buyers.map(async (user) => f.sale.tryPurchase(user)));
      for (const r of results) if (r.ok) bought.push(r.reservation.id);
    }
    const end = await expectInvariants(f.client, f.keys, LIMIT); // stock and limits kept
    expect(end.available).toBe(0);
    expect(end.sold + end.held).toBe(STOCK);
    expect(new Set(bought).size).toBe(bought.length);
    // u0..u2 paid 2 and could buy 1 more; u6 paid 2 (recovered hold, then paid)
    expect(end.perUser.get('u0')).toBe(3);
    expect(end.perUser.get('u6')).toBe(3);
    // 26 available + 2 from the cancel = 28 units sold after recovery, one per purchase
    expect(bought.length).toBe(28);
  });

  it('refuses orders that do not fit the catalog, and bad input by name', async () => {
    f = openSale(backend, 'drop');
    const store = new MemoryOrderStore();
    await f.sale.preload(CATALOG);
    for (let i = 0; i < 4; i += 1) await mustReserve(f.sale, `u${String(i)}`, 2);
    await deliver(f, store);
    await f.client.del(...f.keys.all);
    const small = { ...CATALOG, stock: 5 };
    const result = await recoverSale(f.sale, store, { catalog: small });
    expect(result.held).toBe(2);
    expect(result.refused.map((refusal) => refusal.reason)).toEqual(['no_stock', 'no_stock']);
    const recount = await expectInvariants(f.client, f.keys, LIMIT);
    expect([recount.held, recount.available]).toEqual([4, 1]);

    await expect(recoverSale(f.sale, store, { catalog: { stock: -1 } })).rejects.toSatisfy(
      isInvalidArgumentError,
    );
    await expect(recoverSale(f.sale, {}, { catalog: CATALOG })).rejects.toSatisfy(
      (error) => isInvalidArgumentError(error) && String(error).includes('exportOrders'),
    );
    await expect(recoverSale(f.sale, store, {} as never)).rejects.toSatisfy(
      (error) => isInvalidArgumentError(error) && String(error).includes('catalog'),
    );
  });
});

describe.each(BACKENDS)('recover-8.lua on %s', (backend) => {
  it('replays a chunk once, even when the call is sent twice', async () => {
    const f = openSale(backend, 'drop');
    try {
      await f.sale.preload(CATALOG);
      const context = saleContextOf(f.sale);
      const op = [f.keys.op('resent')];
      const deadline = String(Date.now() + 600_000);
      const args = [
        60_000,
        ...['drop:aaaaaaaaaaaaaaaa', 'held', deadline, 'u1', 'default:2', ''],
        ...['drop:bbbbbbbbbbbbbbbb', 'sold', deadline, 'u2', 'default:1', '{"k":1}'],
        ...['drop:cccccccccccccccc', 'held', deadline, 'u3', 'other:1', ''],
        ...['drop:dddddddddddddddd', 'held', deadline, 'u4', 'default:99', ''],
      ];
      const one = await runSaleScript(context, SALE_SCRIPTS.recover, 'test', args, op);
      const two = await runSaleScript(context, SALE_SCRIPTS.recover, 'test', args, op);
      expect(one).toBe('hsuo');
      expect(two).toBe('hsuo');
      const recount = await expectInvariants(f.client, f.keys, LIMIT);
      expect([recount.held, recount.sold, recount.available]).toEqual([2, 1, STOCK - 3]);
      const fresh = [f.keys.op('fresh')];
      expect(await runSaleScript(context, SALE_SCRIPTS.recover, 'test', args, fresh)).toBe('kkuo');
      await f.client.del(op[0] ?? '', fresh[0] ?? '');
    } finally {
      await f.close();
    }
  });
});
