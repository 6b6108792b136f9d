import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('read side on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('reports a sale that is not loaded', async () => {
    f = openSale(backend, 'none');
    expect(await f.sale.stats()).toMatchObject({
      saleId: 'none',
      phase: 'not_loaded',
      available: 0,
      held: 0,
      sold: 0,
    });
    expect(await f.sale.userStatus('u')).toBeNull();
    expect(await f.sale.reservation('none:AAAAAAAAAAAAAAAA')).toBeNull();
  });

  it("shows a user's reservations oldest first with their states", async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 3 });
    const a = await mustReserve(f.sale, 'u');
    const b = await mustReserve(f.sale, 'u', 2);
    await f.sale.cancel(a.id);
    await f.sale.confirm(b.id);
    const c = await mustReserve(f.sale, 'u');
    const status = await f.sale.userStatus('u');
    expect(status).toMatchObject({ userId: 'u', perUserLimit: 3, used: 3, remaining: 0 });
    expect(status?.reservations.map((r) => [r.id, r.state, r.releaseReason])).toEqual([
      [a.id, 'released', 'cancelled'],
      [b.id, 'sold', null],
      [c.id, 'held', null],
    ]);
    expect(await f.sale.reservation(c.id)).toEqual(c);
    expect(await f.sale.userStatus('stranger')).toMatchObject({
      used: 0,
      remaining: 3,
      reservations: [],
    });
  });

  it("keeps a user's list bounded when they buy and cancel in a loop", async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, perUserLimit: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const held = await mustReserve(f.sale, 'looper');
      ids.push(held.id);
      if (i < 19) await f.sale.cancel(held.id);
    }
    const listed = (await f.sale.userStatus('looper'))?.reservations.map((r) => r.id);
    // limit (1) + 8 history entries, newest kept, and the live hold among them
    expect(listed).toEqual(ids.slice(-9));
  });

  it('reports the sale numbers and window as preloaded', async () => {
    f = openSale(backend);
    const endMs = Date.now() + 3_600_000;
    await f.sale.preload({ stock: 4, perUserLimit: 2, holdMs: 5000, endMs, retainMs: 1000 });
    await mustReserve(f.sale, 'u', 2);
    const stats = await f.sale.stats();
    expect(stats).toMatchObject({
      phase: 'open',
      loaded: 4,
      restocked: 0,
      withdrawn: 0,
      available: 2,
      held: 2,
      sold: 0,
      perUserLimit: 2,
      holdMs: 5000,
      startMs: null,
      endMs,
      retainMs: 1000,
    });
  });
});
