import { afterEach, describe, expect, it } from 'vitest';
import {
  isInvalidArgumentError,
  type FlashSale,
  type HeldReservationsOptions,
} from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve, pastDeadline } from '../purchase-helpers.js';
import { openSale, rawState, type SaleFixture } from '../sale-fixture.js';

/** Every item id, over all pages. */
async function allItemIds(sale: FlashSale, count: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await sale.itemIds(cursor === undefined ? { count } : { count, cursor });
    ids.push(...page.items);
    cursor = page.cursor ?? undefined;
    pages += 1;
  } while (cursor !== undefined && pages < 1000);
  return ids;
}

/** Every held reservation's id over all pages, in the order listed. */
async function allHeld(
  sale: FlashSale,
  options: Omit<HeldReservationsOptions, 'cursor'> = {},
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await sale.heldReservations(cursor === null ? options : { ...options, cursor });
    ids.push(...page.holds.map((hold) => hold.id));
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== null && pages < 1000);
  return { ids, pages };
}

async function expectInvalid(call: Promise<unknown>, argument: string): Promise<void> {
  const error: unknown = await call.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  expect(isInvalidArgumentError(error), String(error)).toBe(true);
  expect((error as { argument: string }).argument).toBe(argument);
}

describe.each(BACKENDS)('operator listings on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('itemIds pages through the whole catalog', async () => {
    f = openSale(backend);
    expect(await f.sale.itemIds()).toEqual({ items: [], cursor: null });
    const ids = Array.from({ length: 300 }, (_, i) => `sku-${String(i)}`);
    await f.sale.preload({ items: ids.map((id) => ({ id, stock: 1 })) });
    const listed = await allItemIds(f.sale, 50);
    expect(new Set(listed)).toEqual(new Set(ids));
    // a small catalog comes back whole
    const small = openSale(backend, 'small');
    try {
      await small.sale.preload({ stock: 3 });
      expect(await small.sale.itemIds()).toEqual({ items: ['default'], cursor: null });
    } finally {
      await small.close();
    }
    await expectInvalid(f.sale.itemIds({ cursor: 'x' }), 'cursor');
    await expectInvalid(f.sale.itemIds({ count: 0 }), 'count');
  });

  it('heldReservations lists exactly the held ones, earliest deadline first, with filters', async () => {
    f = openSale(backend);
    await f.sale.preload({
      items: [
        { id: 'a', stock: 10, perUserLimit: 5 },
        { id: 'b', stock: 10, perUserLimit: 5 },
      ],
    });
    const buy = async (user: string, lines: { item: string; quantity: number }[]) => {
      const result = await f.sale.tryPurchaseCart(user, { lines });
      if (!result.ok) throw new Error(result.reason);
      return result.reservation;
    };
    const h1 = await buy('u1', [{ item: 'a', quantity: 1 }]);
    const h2 = await buy('u2', [{ item: 'b', quantity: 1 }]);
    const h3 = await buy('u1', [
      { item: 'a', quantity: 1 },
      { item: 'b', quantity: 2 },
    ]);
    const sold = await buy('u2', [{ item: 'a', quantity: 1 }]);
    const cancelled = await buy('u1', [{ item: 'b', quantity: 1 }]);
    await f.sale.confirm(sold.id);
    await f.sale.cancel(cancelled.id);
    const before = await rawState(f);

    const first = await f.sale.heldReservations();
    expect(first.cursor).toBeNull();
    const byDeadline = [h1, h2, h3].sort(
      (x, y) => x.deadlineMs - y.deadlineMs || (x.id < y.id ? -1 : 1),
    );
    expect(first.holds.map((hold) => hold.id)).toEqual(byDeadline.map((hold) => hold.id));
    expect(first.holds.find((hold) => hold.id === h3.id)).toEqual({ ...h3, overdue: false });

    const paged = await allHeld(f.sale, { limit: 1 });
    expect(paged.ids).toEqual(byDeadline.map((hold) => hold.id));
    expect(paged.pages).toBe(3);

    expect((await allHeld(f.sale, { userId: 'u1' })).ids.sort()).toEqual([h1.id, h3.id].sort());
    expect((await allHeld(f.sale, { item: 'b' })).ids.sort()).toEqual([h2.id, h3.id].sort());
    expect((await allHeld(f.sale, { item: 'b', userId: 'u2' })).ids).toEqual([h2.id]);
    expect((await allHeld(f.sale, { userId: 'nobody' })).ids).toEqual([]);
    expect((await allHeld(f.sale, { overdueOnly: true })).ids).toEqual([]);
    expect(await rawState(f)).toEqual(before); // read only
  });

  it('pages through holds that share one deadline, each once, and past a hold that ended', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 20, perUserLimit: 1 });
    // one tick's purchases are one script call: one clock reading, one deadline
    const held = await Promise.all(
      Array.from({ length: 6 }, (_, i) => mustReserve(f.sale, `user-${String(i)}`)),
    );
    expect(new Set(held.map((r) => r.deadlineMs)).size).toBe(1);
    const paged = await allHeld(f.sale, { limit: 2 });
    expect(paged.ids.sort()).toEqual(held.map((r) => r.id).sort());
    expect(paged.pages).toBe(3);

    const page1 = await f.sale.heldReservations({ limit: 2 });
    const last = page1.holds[1];
    if (last === undefined || page1.cursor === null) throw new Error('expected a full page');
    await f.sale.cancel(last.id);
    const rest: string[] = [];
    let cursor: string | null = page1.cursor;
    while (cursor !== null) {
      const page = await f.sale.heldReservations({ limit: 2, cursor });
      rest.push(...page.holds.map((hold) => hold.id));
      cursor = page.cursor;
    }
    const listedAfter = new Set(rest);
    const expectedAfter = held
      .map((r) => r.id)
      .filter((id) => !page1.holds.some((hold) => hold.id === id));
    for (const id of expectedAfter) expect(listedAfter.has(id), id).toBe(true);
    expect(listedAfter.has(last.id)).toBe(false);
  });

  it('tells overdue holds, and lists only them when asked', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1, holdMs: 1000 });
    const late = await mustReserve(f.sale, 'late');
    await pastDeadline(f.sale, late, f.clockSlackMs);
    await f.sale.preload({ stock: 10, perUserLimit: 1, holdMs: 3_600_000, force: true });
    const fresh = await mustReserve(f.sale, 'fresh');
    const all = await f.sale.heldReservations();
    expect(all.holds.map((hold) => [hold.id, hold.state, hold.overdue])).toEqual([
      [late.id, 'held', true],
      [fresh.id, 'held', false],
    ]);
    const overdue = await f.sale.heldReservations({ overdueOnly: true });
    expect(overdue.holds.map((hold) => hold.id)).toEqual([late.id]);
    expect(overdue.cursor).toBeNull();
    await f.sale.expire();
    expect((await allHeld(f.sale)).ids).toEqual([fresh.id]);
  });

  it('refuses bad options by name, before reading', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1 });
    await expectInvalid(f.sale.heldReservations({ limit: 0 }), 'limit');
    await expectInvalid(f.sale.heldReservations({ limit: 1001 }), 'limit');
    await expectInvalid(f.sale.heldReservations({ cursor: 'x' }), 'cursor');
    await expectInvalid(
      f.sale.heldReservations({ cursor: '1700000000000/other:AAAAAAAAAAAAAAAA' }),
      'cursor',
    );
    await expectInvalid(f.sale.heldReservations({ item: 'no spaces' }), 'item');
    await expectInvalid(f.sale.heldReservations({ userId: '' }), 'userId');
    await expectInvalid(
      f.sale.heldReservations({ overdue: true } as unknown as HeldReservationsOptions),
      'overdue',
    );
  });
});
