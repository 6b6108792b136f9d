/**
 * A crowd of carts on real Redis: 2,000 buyers over 10 connections for a drop of
 * three items with little stock, buying overlapping carts and single lines, with
 * retries, cancels, late payments and holds left to expire while sweepers race.
 * Exact counts at the end, per item: nothing oversold, no buyer over the sale's or
 * an item's limit, conservation, and every confirmed unit accounted for by the
 * carts the buyers were told they had.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  FlashSale,
  isReservationReleasedError,
  type CatalogItem,
  type ReservationLine,
} from '../../../src/index.js';
import { saleKeys } from '../../../src/sale/sale-keys.js';
import { redisClient, uniquePrefix } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';

const BUYERS = 2000;
const CONNECTIONS = 10;
const SALE_LIMIT = 3;
const HOLD_MS = 150;
const ITEMS: CatalogItem[] = [
  { id: 'phone', stock: 40, perUserLimit: 1 },
  { id: 'case', stock: 60, perUserLimit: 2 },
  { id: 'charger', stock: 30, perUserLimit: 1 },
];
const CARTS: ReservationLine[][] = [
  [{ item: 'phone', quantity: 1 }],
  [{ item: 'case', quantity: 2 }],
  [
    { item: 'phone', quantity: 1 },
    { item: 'case', quantity: 1 },
  ],
  [
    { item: 'case', quantity: 1 },
    { item: 'charger', quantity: 1 },
  ],
  [
    { item: 'charger', quantity: 1 },
    { item: 'phone', quantity: 1 },
    { item: 'case', quantity: 1 },
  ],
];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('a crowd of carts on real Redis', () => {
  const prefix = uniquePrefix('carts');
  const clients = Array.from({ length: CONNECTIONS }, () => redisClient());
  const sales = clients.map(
    (client, i) =>
      new FlashSale({
        redis: client,
        saleId: 'carts',
        keyPrefix: prefix,
        maxBatchSize: i % 2 === 0 ? 64 : 1,
        commandTimeoutMs: 30_000, // a starved CI machine must not turn into a timeout failure
      }),
  );
  const keys = saleKeys(prefix, 'carts');
  afterAll(async () => {
    await clients[0]?.del(...keys.all);
    for (const client of clients) client.disconnect();
  });

  it('holds carts all or nothing and keeps every invariant per item', async () => {
    const first = sales[0];
    if (!first) throw new Error('no connections');
    await first.preload({ items: ITEMS, perUserLimit: SALE_LIMIT, holdMs: HOLD_MS });
    const rand = random(7);
    const soldUnits = new Map<string, number>();
    const partial: string[] = [];
    const broken: string[] = [];
    let granted = 0;
    let confirmed = 0;
    const run = { going: true };
    // Conservation per item at instants: one itemStats is one atomic read.
    const sampler = (async () => {
      while (run.going) {
        const page = await first.itemStats(ITEMS.map((item) => item.id));
        page.items.forEach((stats, index) => {
          const stock = ITEMS[index]?.stock ?? -1;
          if (!stats || stats.available + stats.held + stats.sold !== stock || stats.available < 0)
            broken.push(JSON.stringify(stats));
        });
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    const sweepers = sales.slice(0, 3).map(async (sale) => {
      while (run.going) {
        await sale.expire({ maxBatchSize: 10 });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });

    const buyer = async (index: number): Promise<void> => {
      const sale = sales[index % CONNECTIONS] ?? first;
      const user = `user-${String(Math.floor(rand() * 700))}`;
      const lines = CARTS[Math.floor(rand() * CARTS.length)] ?? [];
      const fate = rand();
      const options = { lines, idempotencyKey: `req-${String(index)}` };
      const answers = await Promise.all(
        rand() < 0.1
          ? [sale.tryPurchaseCart(user, options), first.tryPurchaseCart(user, options)]
          : [sale.tryPurchaseCart(user, options)],
      );
      const won = answers.flatMap((a) => (a.ok ? [a.reservation] : []));
      expect(new Set(won.map((r) => r.id)).size).toBeLessThanOrEqual(1);
      const reservation = won[0];
      if (reservation === undefined) return;
      granted++;
      if (JSON.stringify(reservation.lines) !== JSON.stringify(lines)) partial.push(reservation.id);
      if (fate < 0.25) {
        await sale.cancel(reservation.id);
      } else if (fate < 0.75) {
        try {
          await sale.confirm(reservation.id);
          confirmed++;
          for (const line of reservation.lines)
            soldUnits.set(line.item, (soldUnits.get(line.item) ?? 0) + line.quantity);
        } catch (error) {
          if (!isReservationReleasedError(error)) throw error; // paid too late: released
        }
      } // else: never pays; the hold expires
    };

    try {
      for (let wave = 0; wave < 8; wave++) {
        await Promise.all(
          Array.from({ length: BUYERS / 8 }, (_, i) => buyer(wave * (BUYERS / 8) + i)),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 50));
    } finally {
      run.going = false;
      await Promise.all([sampler, ...sweepers]);
    }
    for (let more = true; more;) more = (await first.expire()).more;

    expect(partial).toEqual([]);
    expect(broken).toEqual([]);
    expect(granted).toBeGreaterThan(confirmed);
    expect(confirmed).toBeGreaterThan(0);
    const recount = await expectInvariants(clients[0] ?? redisClient(), keys, SALE_LIMIT);
    expect(recount.held).toBe(0);
    for (const item of ITEMS) {
      const counts = recount.items.get(item.id);
      // every sold unit is one a buyer was told was confirmed, and nothing else
      expect(counts?.sold, `sold of ${item.id}`).toBe(soldUnits.get(item.id) ?? 0);
      expect(counts?.available, `available of ${item.id}`).toBe(item.stock - (counts?.sold ?? 0));
      expect(counts?.sold ?? 0).toBeLessThanOrEqual(item.stock);
    }
  });
});
