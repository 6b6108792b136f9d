import { afterEach, describe, expect, it } from 'vitest';
import {
  isReservationReleasedError,
  isUnknownReservationError,
  type ReservationReleasedError,
} from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { mustReserve, pastDeadline } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('confirm on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('moves held to sold, and answers the same when repeated', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 2 });
    const held = await mustReserve(f.sale, 'u');
    const sold = await f.sale.confirm(held.id);
    expect(sold).toMatchObject({ id: held.id, state: 'sold', releaseReason: null, quantity: 1 });
    expect(sold.endedAtMs).not.toBeNull();
    expect(await f.sale.confirm(held.id)).toEqual(sold);
    expect(await f.sale.stats()).toMatchObject({ available: 1, held: 0, sold: 1 });
    expect(await f.sale.tryPurchase('u')).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 0,
      item: 'default',
    });
    await expectInvariants(f.client, f.keys, 1);
  });

  it('refuses a released hold with a typed error and sells nothing', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1 });
    const held = await mustReserve(f.sale, 'u');
    await f.sale.cancel(held.id);
    const error: unknown = await f.sale.confirm(held.id).catch((e: unknown) => e);
    expect(isReservationReleasedError(error)).toBe(true);
    expect((error as ReservationReleasedError).reason).toBe('cancelled');
    expect((error as ReservationReleasedError).releasedByThisCall).toBe(false);
    expect(await f.sale.stats()).toMatchObject({ available: 1, held: 0, sold: 0 });
  });

  it('refuses a payment after the deadline even before expire() ran, returning the stock', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1, holdMs: 50 });
    const held = await mustReserve(f.sale, 'u');
    await pastDeadline(f.sale, held, f.clockSlackMs);
    const error: unknown = await f.sale.confirm(held.id).catch((e: unknown) => e);
    expect(isReservationReleasedError(error)).toBe(true);
    expect((error as ReservationReleasedError).reason).toBe('expired');
    // this confirm released it; a repeated late payment finds it released already
    expect((error as ReservationReleasedError).releasedByThisCall).toBe(true);
    const again: unknown = await f.sale.confirm(held.id).catch((e: unknown) => e);
    expect(again).toMatchObject({ reason: 'expired', releasedByThisCall: false });
    expect(await f.sale.stats()).toMatchObject({ available: 1, held: 0, sold: 0 });
    expect(await f.sale.expire()).toEqual({ released: [], more: false });
    expect((await f.sale.tryPurchase('u')).ok).toBe(true);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('reports an unknown reservation id with a typed error', async () => {
    f = openSale(backend, 's1');
    await f.sale.preload({ stock: 1 });
    const error: unknown = await f.sale.confirm('s1:AAAAAAAAAAAAAAAA').catch((e: unknown) => e);
    expect(isUnknownReservationError(error)).toBe(true);
    expect(String(error)).toContain('s1:AAAAAAAAAAAAAAAA');
  });
});
