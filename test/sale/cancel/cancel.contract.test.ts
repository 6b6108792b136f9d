import { afterEach, describe, expect, it } from 'vitest';
import { isReservationSoldError, isUnknownReservationError } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { mustReserve } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('cancel on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('returns stock and allowance at once, so the same user can buy again', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 2 });
    const held = await mustReserve(f.sale, 'u');
    expect(await f.sale.tryPurchase('u')).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 0,
      item: 'default',
    });
    const released = await f.sale.cancel(held.id);
    expect(released).toMatchObject({ state: 'released', releaseReason: 'cancelled' });
    expect(await f.sale.stats()).toMatchObject({ available: 2, held: 0 });
    const again = await mustReserve(f.sale, 'u');
    expect(again.id).not.toBe(held.id);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('answers the same when repeated, and never returns a unit twice', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 3 });
    const held = await mustReserve(f.sale, 'u');
    const first = await f.sale.cancel(held.id);
    expect(await f.sale.cancel(held.id)).toEqual(first);
    expect(await f.sale.stats()).toMatchObject({ available: 3, held: 0, sold: 0 });
    await expectInvariants(f.client, f.keys, 1);
  });

  it('records a failed order write as its own release reason', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1 });
    const held = await mustReserve(f.sale, 'u');
    expect(await f.sale.cancel(held.id, { reason: 'failed' })).toMatchObject({
      releaseReason: 'failed',
    });
    expect((await f.sale.userStatus('u'))?.reservations[0]?.releaseReason).toBe('failed');
  });

  it('refuses to release a sold hold', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1 });
    const held = await mustReserve(f.sale, 'u');
    await f.sale.confirm(held.id);
    const error: unknown = await f.sale.cancel(held.id).catch((e: unknown) => e);
    expect(isReservationSoldError(error)).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ available: 0, sold: 1 });
  });

  it('reports an unknown reservation id with a typed error', async () => {
    f = openSale(backend, 's2');
    await f.sale.preload({ stock: 1 });
    expect(
      isUnknownReservationError(
        await f.sale.cancel('s2:AAAAAAAAAAAAAAAA').catch((e: unknown) => e),
      ),
    ).toBe(true);
  });
});
