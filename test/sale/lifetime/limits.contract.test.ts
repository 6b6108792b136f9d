/**
 * What a long sale does to its own numbers: a forced preload cannot lower the
 * per-user limit under what a buyer has; stock added over the sale's life is
 * bounded so counters stay exact; released records are dropped after historyMs;
 * a buyer's ledger stays bounded however many holdings they have.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidArgumentError, isLimitConflictError } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { mustReserve } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('long-sale bounds on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('refuses a forced preload that lowers the limit below a buyer, naming the buyer', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 3 });
    const holds = [await mustReserve(f.sale, 'big', 3), await mustReserve(f.sale, 'small')];
    const before = await f.sale.stats();
    const error: unknown = await f.sale
      .preload({ stock: 10, perUserLimit: 1, force: true })
      .catch((e: unknown) => e);
    expect(isLimitConflictError(error) && [error.userId, error.perUserLimit]).toEqual(['big', 1]);
    expect(await f.sale.stats()).toEqual({ ...before, nowMs: expect.any(Number) as unknown });
    // once the buyer is within it, the same preload goes through
    await f.sale.cancel(holds[0]?.id ?? '');
    expect(await f.sale.preload({ stock: 10, perUserLimit: 1, force: true })).toBe('replaced');
    await expectInvariants(f.client, f.keys, 1);
  });

  it('bounds the stock a sale takes in over its life, changing nothing when refused', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10 });
    // a very long life of restocks, compressed: the counter is near the bound
    await f.client.hset(f.keys.meta, 'restocked', String(1e15 - 20));
    await f.client.hset(f.keys.meta, 'available', String(1e15 - 10));
    // the item's own counters: available held sold loaded restocked withdrawn limit
    await f.client.hset(
      f.keys.meta,
      'item:default',
      `${String(1e15 - 10)} 0 0 10 ${String(1e15 - 20)} 0 0`,
    );
    const error: unknown = await f.sale.restock(11).catch((e: unknown) => e);
    expect(isInvalidArgumentError(error) && error.argument).toBe('delta');
    expect(await f.sale.stats()).toMatchObject({ restocked: 1e15 - 20, available: 1e15 - 10 });
    expect(await f.sale.restock(10)).toBe(1e15);
  });

  it('drops released records (and their idempotency keys) after historyMs, keeping sold ones', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, perUserLimit: 5, historyMs: 1000 });
    const cancelled = await f.sale.tryPurchase('a', { idempotencyKey: 'k1' });
    const sold = await mustReserve(f.sale, 'a');
    if (!cancelled.ok) throw new Error(cancelled.reason);
    await f.sale.cancel(cancelled.reservation.id);
    await f.sale.confirm(sold.id);
    expect(await f.sale.reservation(cancelled.reservation.id)).not.toBeNull();
    // wait, by the sale's clock, until the history window has passed
    const endedAt = (await f.sale.reservation(cancelled.reservation.id))?.endedAtMs ?? 0;
    while ((await f.sale.stats()).nowMs <= endedAt + 1000 + f.clockSlackMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await mustReserve(f.sale, 'b'); // any write drops what is due
    expect(await f.sale.reservation(cancelled.reservation.id)).toBeNull();
    expect(await f.client.hget(f.keys.idempotency, 'k1')).toBeNull();
    expect((await f.sale.reservation(sold.id))?.state).toBe('sold');
    expect((await f.sale.userStatus('a'))?.reservations.map((r) => r.id)).toEqual([sold.id]);
  });

  it("keeps a buyer's ledger bounded however many holdings they have", async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 400, perUserLimit: 400 });
    for (let i = 0; i < 300; i++) await mustReserve(f.sale, 'whale');
    const ledger = (await f.client.hget(f.keys.users, 'whale')) ?? '';
    const [used, perItem, ids = ''] = ledger.split('|');
    expect(Number(used)).toBe(300);
    expect(perItem).toBe('default=300');
    expect(ids.split(' ').length).toBe(108); // the newest 100 + 8
    const status = await f.sale.userStatus('whale');
    expect(status).toMatchObject({ used: 300, remaining: 100 });
    expect(status?.reservations).toHaveLength(108);
    // 300 calls one after another: on the in-memory backend (Lua run in JavaScript)
    // on a loaded machine, well past the default minute
  }, 240_000);
});
