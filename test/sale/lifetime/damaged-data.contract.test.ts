/**
 * A key of a live sale lost (evicted) or malformed: every script stops before its
 * first write with SaleDataError, and nothing changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isSaleDataError } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve } from '../purchase-helpers.js';
import { openSale, rawState, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('damaged sale data on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('a lost ledger: cancel, confirm past the deadline and expire refuse, writing nothing', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, holdMs: 100 });
    const hold = await mustReserve(f.sale, 'a');
    await f.client.del(f.keys.users); // what an evicting Redis does
    const before = await rawState(f);
    expect(isSaleDataError(await f.sale.cancel(hold.id).catch((e: unknown) => e))).toBe(true);
    while ((await f.sale.stats()).nowMs < hold.deadlineMs + f.clockSlackMs) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(isSaleDataError(await f.sale.confirm(hold.id).catch((e: unknown) => e))).toBe(true);
    expect(isSaleDataError(await f.sale.expire().catch((e: unknown) => e))).toBe(true);
    expect(await rawState(f)).toEqual(before);
  });

  it('a malformed counter: purchases refuse with SaleDataError, writing nothing', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5 });
    await mustReserve(f.sale, 'a');
    await f.client.hset(f.keys.meta, 'held', '-1');
    const before = await rawState(f);
    const results = await Promise.all(
      ['b', 'c', 'd'].map((user) => f.sale.tryPurchase(user).catch((e: unknown) => e)),
    );
    expect(results.map(isSaleDataError)).toEqual([true, true, true]);
    expect(await rawState(f)).toEqual(before);
  });

  it("a malformed ledger refuses that buyer's purchase alone", async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5 });
    await f.client.hset(f.keys.users, 'broken', '-1');
    const [broken, fine] = await Promise.all([
      f.sale.tryPurchase('broken').catch((e: unknown) => e),
      f.sale.tryPurchase('fine'),
    ]);
    expect(isSaleDataError(broken)).toBe(true);
    expect(fine).toMatchObject({ ok: true });
    expect(await f.sale.stats()).toMatchObject({ available: 4, held: 1 });
  });
});
