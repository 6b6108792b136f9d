/**
 * Reservation ids stay unique when Redis forgets recent writes (an AOF tail lost,
 * a failover to a lagging replica) and when a sale id is used again after its keys
 * expired; and they say nothing about how many were sold.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS.filter((b) => b !== 'mock'))('reservation ids on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('are new after Redis rolls back to an earlier state of the sale', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 10 });
    await mustReserve(f.sale, 'a');
    // the state Redis will roll back to
    const existing = [];
    for (const key of f.keys.all) if ((await f.client.exists(key)) === 1) existing.push(key);
    const snapshot = await Promise.all(
      existing.map(async (key) => [key, await f.client.dumpBuffer(key)] as const),
    );
    const given = [await mustReserve(f.sale, 'b'), await mustReserve(f.sale, 'c')];
    await f.client.del(...f.keys.all);
    for (const [key, dump] of snapshot) await f.client.restore(key, 0, dump);
    const after = [await mustReserve(f.sale, 'd'), await mustReserve(f.sale, 'e')];
    for (const reservation of after) {
      expect(given.map((r) => r.id)).not.toContain(reservation.id);
    }
  });

  it('are new when a sale id is used again after its keys are gone', async () => {
    f = openSale(backend, 'monthly-drop');
    await f.sale.preload({ stock: 3 });
    const first = await mustReserve(f.sale, 'a');
    await f.client.del(...f.keys.all);
    await f.sale.preload({ stock: 3 });
    const again = await mustReserve(f.sale, 'a');
    expect(again.id).not.toBe(first.id);
  });

  it('carry no sequence: random, not ordered, not guessable from one another', async () => {
    f = openSale(backend, 'drop');
    await f.sale.preload({ stock: 50, perUserLimit: 50 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await mustReserve(f.sale, 'u')).id);
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^drop:[A-Za-z0-9_-]{16}$/);
    expect([...ids].sort()).not.toEqual(ids); // 1 in 20! chance that random ids come out sorted
  });
});
