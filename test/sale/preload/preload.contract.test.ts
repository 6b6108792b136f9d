import { afterEach, describe, expect, it } from 'vitest';
import { isSaleConflictError, isStockConflictError } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('preload on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('creates a sale, and the same preload again changes nothing', async () => {
    f = openSale(backend);
    expect(await f.sale.preload({ stock: 10, perUserLimit: 2 })).toBe('created');
    await f.sale.tryPurchase('u1');
    expect(await f.sale.preload({ stock: 10, perUserLimit: 2 })).toBe('unchanged');
    const stats = await f.sale.stats();
    expect(stats).toMatchObject({
      loaded: 10,
      available: 9,
      held: 1,
      sold: 0,
      perUserLimit: 2,
      phase: 'open',
    });
    await expectInvariants(f.client, f.keys, 2);
  });

  it('refuses different settings on a loaded sale and changes nothing', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10 });
    await f.sale.tryPurchase('u1');
    const before = await f.sale.stats();
    const error: unknown = await f.sale.preload({ stock: 20 }).catch((e: unknown) => e);
    expect(isSaleConflictError(error)).toBe(true);
    expect(String(error)).toContain('stock 10');
    expect({ ...(await f.sale.stats()), nowMs: 0 }).toEqual({ ...before, nowMs: 0 });
  });

  it('replaces settings when forced, keeping holds and sales', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1 });
    const a = await f.sale.tryPurchase('a');
    const b = await f.sale.tryPurchase('b');
    if (!a.ok || !b.ok) throw new Error('setup purchase failed');
    await f.sale.confirm(b.reservation.id);
    expect(await f.sale.preload({ stock: 5, perUserLimit: 3, force: true })).toBe('replaced');
    expect(await f.sale.stats()).toMatchObject({
      loaded: 5,
      available: 3,
      held: 1,
      sold: 1,
      perUserLimit: 3,
    });
    expect((await f.sale.reservation(a.reservation.id))?.state).toBe('held');
    expect(await f.sale.tryPurchase('a', { quantity: 2 })).toMatchObject({ ok: true });
    await expectInvariants(f.client, f.keys, 3);
  });

  it('refuses a forced stock below what is held and sold', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 3, perUserLimit: 3 });
    await f.sale.tryPurchase('a', { quantity: 2 });
    const error: unknown = await f.sale.preload({ stock: 1, force: true }).catch((e: unknown) => e);
    expect(isStockConflictError(error)).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ loaded: 3, available: 1, held: 2 });
  });

  it('gives every key of the sale a TTL past the end of the sale', async () => {
    f = openSale(backend);
    const endMs = Date.now() + 3_600_000;
    await f.sale.preload({ stock: 5, endMs, retainMs: 60_000, holdMs: 1000 });
    const r = await f.sale.tryPurchase('u');
    if (!r.ok) throw new Error('purchase failed');
    await f.sale.cancel(r.reservation.id);
    const existing = [f.keys.meta, f.keys.holds, f.keys.users, f.keys.events];
    expect(await f.client.exists(...existing)).toBe(existing.length);
    for (const key of f.keys.all) {
      const pttl = await f.client.pttl(key);
      if (pttl === -2) continue; // an emptied key (deadlines) is gone, not immortal
      expect(pttl, key).toBeGreaterThan(3_600_000);
      expect(pttl, key).toBeLessThanOrEqual(3_660_000 + 2000);
    }
  });
});
