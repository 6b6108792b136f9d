import { afterEach, describe, expect, it } from 'vitest';
import { isSaleNotLoadedError, isStockConflictError } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { mustReserve } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('restock on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('adds and withdraws available units, keeping conservation', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 2 });
    await mustReserve(f.sale, 'a');
    await mustReserve(f.sale, 'b');
    expect(await f.sale.tryPurchase('c')).toEqual({
      ok: false,
      reason: 'sold_out',
      line: 0,
      item: 'default',
    });
    expect(await f.sale.restock(3)).toBe(3);
    await mustReserve(f.sale, 'c');
    expect(await f.sale.restock(-1)).toBe(1);
    expect(await f.sale.stats()).toMatchObject({
      loaded: 2,
      restocked: 3,
      withdrawn: 1,
      available: 1,
      held: 3,
    });
    await expectInvariants(f.client, f.keys, 1);
  });

  it('never withdraws held or sold units', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 3 });
    await mustReserve(f.sale, 'a');
    const error: unknown = await f.sale.restock(-3).catch((e: unknown) => e);
    expect(isStockConflictError(error)).toBe(true);
    expect(String(error)).toContain('only 2 are available');
    expect(await f.sale.stats()).toMatchObject({ available: 2, held: 1, withdrawn: 0 });
  });

  it('needs a loaded sale', async () => {
    f = openSale(backend);
    expect(isSaleNotLoadedError(await f.sale.restock(5).catch((e: unknown) => e))).toBe(true);
    expect(await f.client.exists(...f.keys.all)).toBe(0);
  });
});
