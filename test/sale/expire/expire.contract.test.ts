import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { last, mustReserve, pastDeadline } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('expire on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('releases exactly the overdue holds, once', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10, holdMs: 100 });
    const overdue = [await mustReserve(f.sale, 'a'), await mustReserve(f.sale, 'b')];
    // holds made from here on last an hour: paying for one is never late, however
    // long a loaded machine stalls
    await f.sale.preload({ stock: 10, holdMs: 3_600_000, force: true });
    const paid = await mustReserve(f.sale, 'c');
    await f.sale.confirm(paid.id);
    await pastDeadline(f.sale, last(overdue), f.clockSlackMs);
    const fresh = await mustReserve(f.sale, 'd');

    const first = await f.sale.expire();
    expect(first.more).toBe(false);
    expect(first.released.map((r) => r.id).sort()).toEqual(overdue.map((r) => r.id).sort());
    expect(
      first.released.every((r) => r.state === 'released' && r.releaseReason === 'expired'),
    ).toBe(true);
    expect(await f.sale.expire()).toEqual({ released: [], more: false });
    expect((await f.sale.reservation(fresh.id))?.state).toBe('held');
    expect(await f.sale.stats()).toMatchObject({ available: 8, held: 1, sold: 1 });
    await expectInvariants(f.client, f.keys, 1);
  });

  it('bounds each call and says when more remain', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, holdMs: 50 });
    const holds = [];
    for (const user of ['a', 'b', 'c', 'd', 'e']) holds.push(await mustReserve(f.sale, user));
    await pastDeadline(f.sale, last(holds), f.clockSlackMs);
    const sizes: number[] = [];
    let more = true;
    while (more) {
      const result = await f.sale.expire({ maxBatchSize: 2 });
      sizes.push(result.released.length);
      more = result.more;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(await f.sale.stats()).toMatchObject({ available: 5, held: 0 });
  });

  it('releases each hold once when many callers race', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 30, perUserLimit: 1, holdMs: 50 });
    const holds = [];
    for (let i = 0; i < 30; i++) holds.push(await mustReserve(f.sale, `u${String(i)}`));
    await pastDeadline(f.sale, last(holds), f.clockSlackMs);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => f.sale.expire({ maxBatchSize: 7 })),
    );
    const again = await f.sale.expire();
    const ids = [...results, again].flatMap((r) => r.released.map((x) => x.id));
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    await expectInvariants(f.client, f.keys, 1);
  });

  it.skipIf(backend === 'mock')(
    'releases the largest batch (2,000 holds) in one call',
    async () => {
      f = openSale(backend);
      await f.sale.preload({ stock: 2000, holdMs: 50 });
      const results = await Promise.all(
        Array.from({ length: 2000 }, (_, i) => f.sale.tryPurchase(`u${String(i)}`)),
      );
      const holds = results.flatMap((r) => (r.ok ? [r.reservation] : []));
      expect(holds).toHaveLength(2000);
      await pastDeadline(f.sale, last(holds), f.clockSlackMs);
      const result = await f.sale.expire({ maxBatchSize: 2000 });
      expect(result.released).toHaveLength(2000);
      expect(result.more).toBe(false);
      await expectInvariants(f.client, f.keys, 1);
    },
  );
});
