/**
 * Carts (several lines, all or nothing, one reservation), metadata carried with a
 * reservation, and extend.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  isExtensionLimitError,
  isIdempotencyConflictError,
  isInvalidArgumentError,
  isReservationReleasedError,
  isReservationSoldError,
  isUnknownItemError,
  MAX_CART_LINES,
  type CatalogItem,
  type Reservation,
} from '../../../src/index.js';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { pastDeadline } from '../purchase-helpers.js';
import { openSale, rawState, type SaleFixture } from '../sale-fixture.js';

const DROP: CatalogItem[] = [
  { id: 'phone', stock: 3, perUserLimit: 1 },
  { id: 'case', stock: 4, perUserLimit: 2 },
  { id: 'charger', stock: 1 },
];
const CART = [
  { item: 'phone', quantity: 1 },
  { item: 'case', quantity: 2 },
];

async function mustCart(f: SaleFixture, user: string): Promise<Reservation> {
  const result = await f.sale.tryPurchaseCart(user, { lines: CART });
  if (!result.ok) throw new Error(`expected a cart for ${user}, got ${result.reason}`);
  return result.reservation;
}

describe.each(BACKENDS)('carts on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('holds every line as one reservation, or nothing, naming the line refused', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP });
    const cart = await mustCart(f, 'ann');
    expect(cart).toMatchObject({ quantity: 3, lines: CART, state: 'held', metadata: null });
    await mustCart(f, 'bob');
    // the case is gone now (4 held): a third cart holds nothing, not even the phone
    const before = await rawState(f);
    expect(await f.sale.tryPurchaseCart('cyd', { lines: CART })).toEqual({
      ok: false,
      reason: 'sold_out',
      line: 1,
      item: 'case',
    });
    // every line in stock, the second over ann's limit for the phone (she holds one)
    expect(
      await f.sale.tryPurchaseCart('ann', {
        lines: [
          { item: 'charger', quantity: 1 },
          { item: 'phone', quantity: 1 },
        ],
      }),
    ).toEqual({ ok: false, reason: 'limit_reached', line: 1, item: 'phone' });
    // stock is checked before limits: a line sold out is named even when an
    // earlier line is over the buyer's limit
    expect(
      await f.sale.tryPurchaseCart('ann', {
        lines: [
          { item: 'phone', quantity: 1 },
          { item: 'case', quantity: 1 },
        ],
      }),
    ).toEqual({ ok: false, reason: 'sold_out', line: 1, item: 'case' });
    expect(await rawState(f)).toEqual(before);
    expect(await f.sale.itemStats(['phone', 'case'])).toMatchObject({
      items: [
        { item: 'phone', held: 2, available: 1 },
        { item: 'case', held: 4, available: 0 },
      ],
    });
    await expectInvariants(f.client, f.keys, 1_000_000);
  });

  it('counts a cart against the sale-wide limit as a whole', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP, perUserLimit: 2 });
    expect(await f.sale.tryPurchaseCart('ann', { lines: CART })).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 1,
      item: 'case',
    });
    expect(await f.sale.tryPurchase('ann', { item: 'case', quantity: 2 })).toMatchObject({
      ok: true,
    });
    await expectInvariants(f.client, f.keys, 2);
  });

  it('confirms, cancels and expires the whole cart, returning every line', async () => {
    f = openSale(backend);
    // a long window for the carts paid and cancelled (a loaded machine must not
    // expire them first), then a short one for the cart left to expire
    await f.sale.preload({ items: DROP, holdMs: 60_000 });
    const sold = await mustCart(f, 'ann');
    const cancelled = await mustCart(f, 'bob');
    expect(await f.sale.confirm(sold.id)).toMatchObject({ state: 'sold', lines: CART });
    expect(await f.sale.cancel(cancelled.id)).toMatchObject({ state: 'released', lines: CART });
    expect(await f.sale.preload({ items: DROP, holdMs: 200, force: true })).toBe('replaced');
    const overdue = await mustCart(f, 'cyd');
    await pastDeadline(f.sale, overdue, f.clockSlackMs);
    // a cart of the same items, with the case sold out but for the overdue hold,
    // is reserved by reclaiming it first
    expect(await mustCart(f, 'dan')).toMatchObject({ state: 'held' });
    expect(await f.sale.reservation(overdue.id)).toMatchObject({
      state: 'released',
      releaseReason: 'expired',
    });
    const recount = await expectInvariants(f.client, f.keys, 1_000_000);
    expect(recount.items.get('phone')).toMatchObject({ sold: 1, held: 1, available: 1 });
    expect(recount.items.get('case')).toMatchObject({ sold: 2, held: 2, available: 0 });
    expect(await f.client.xlen(f.keys.events)).toBe(4 + 3); // 4 reserved, confirmed, cancelled, expired
  });

  it('replays a cart by its idempotency key, and refuses the key with other lines', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP });
    const first = await f.sale.tryPurchaseCart('ann', { lines: CART, idempotencyKey: 'k' });
    const again = await f.sale.tryPurchaseCart('ann', { lines: CART, idempotencyKey: 'k' });
    expect(first.ok && again.ok && [again.replayed, again.reservation.id]).toEqual([
      true,
      first.ok && first.reservation.id,
    ]);
    const other: unknown = await f.sale
      .tryPurchaseCart('ann', { lines: [{ item: 'phone', quantity: 1 }], idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect(isIdempotencyConflictError(other)).toBe(true);
    await expectInvariants(f.client, f.keys, 1_000_000);
  });

  it('carries metadata with the reservation and into its events', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP });
    const metadata = { priceCents: 69_900, variant: 'blue|{x}', gift: true, note: null };
    const result = await f.sale.tryPurchaseCart('ann', { lines: CART, metadata });
    if (!result.ok) throw new Error(result.reason);
    expect(result.reservation.metadata).toEqual(metadata);
    expect((await f.sale.reservation(result.reservation.id))?.metadata).toEqual(metadata);
    const entries = (await f.client.xrange(f.keys.events, '-', '+')) as [string, string[]][];
    const fields = entries[0]?.[1] ?? [];
    expect(fields).toEqual(expect.arrayContaining(['lines', 'phone:1,case:2', 'meta']));
  });

  it('refuses bad carts and metadata with typed errors naming them, writing nothing', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP });
    const before = await rawState(f);
    const cases: [unknown, string][] = [
      [{ lines: [] }, 'lines'],
      [{ lines: 'phone' }, 'lines'],
      [{ lines: [{ item: 'phone' }, { item: 'phone' }] }, 'lines[1].item'],
      [{ lines: [{ item: 'phone', quantity: 0 }] }, 'lines[0].quantity'],
      [{ lines: [{ item: '' }] }, 'lines[0].item'],
      [{ lines: [null] }, 'lines[0]'],
      [
        {
          lines: Array.from({ length: MAX_CART_LINES + 1 }, (_, i) => ({ item: `i${String(i)}` })),
        },
        'lines',
      ],
      [{ lines: CART, metadata: 'price' }, 'metadata'],
      [{ lines: CART, metadata: { nested: { a: 1 } } }, 'metadata.nested'],
      [{ lines: CART, metadata: { big: 'x'.repeat(2000) } }, 'metadata'],
      [
        {
          lines: CART,
          metadata: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${String(i)}`, i])),
        },
        'metadata',
      ],
      [{ lines: CART, metadata: { n: Number.NaN } }, 'metadata.n'],
      [{ lines: CART, quantity: 2 }, 'quantity'],
    ];
    for (const [options, argument] of cases) {
      const error: unknown = await f.sale
        .tryPurchaseCart('ann', options as never)
        .catch((e: unknown) => e);
      expect(isInvalidArgumentError(error) && error.argument, JSON.stringify(options)).toBe(
        argument,
      );
    }
    const unknown: unknown = await f.sale
      .tryPurchaseCart('ann', { lines: [...CART, { item: 'tablet', quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(isUnknownItemError(unknown) && unknown.itemId).toBe('tablet');
    expect(await rawState(f)).toEqual(before);
  });
});

describe.each(BACKENDS)('extend on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('moves a hold’s deadline before it passes, within maxExtendMs in all', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP, holdMs: 60_000, maxExtendMs: 30_000 });
    const cart = await mustCart(f, 'ann');
    const longer = await f.sale.extend(cart.id, 20_000);
    expect(longer.deadlineMs).toBe(cart.deadlineMs + 20_000);
    expect(Number(await f.client.zscore(f.keys.deadlines, cart.id))).toBe(longer.deadlineMs);
    const before = await rawState(f);
    const error: unknown = await f.sale.extend(cart.id, 10_001).catch((e: unknown) => e);
    expect(isExtensionLimitError(error) && [error.requestedMs, error.allowedMs]).toEqual([
      10_001, 10_000,
    ]);
    expect(await rawState(f)).toEqual(before);
    expect((await f.sale.extend(cart.id, 10_000)).deadlineMs).toBe(cart.deadlineMs + 30_000);
    await f.sale.confirm(cart.id);
    const sold: unknown = await f.sale.extend(cart.id, 1).catch((e: unknown) => e);
    expect(isReservationSoldError(sold)).toBe(true);
    await expectInvariants(f.client, f.keys, 1_000_000);
  });

  it('never after the deadline: the hold is released as expired', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP, holdMs: 100, maxExtendMs: 60_000 });
    const cart = await mustCart(f, 'ann');
    await pastDeadline(f.sale, cart, f.clockSlackMs);
    const error: unknown = await f.sale.extend(cart.id, 1000).catch((e: unknown) => e);
    expect(isReservationReleasedError(error) && error.releasedByThisCall).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ held: 0, available: 8 });
    await expectInvariants(f.client, f.keys, 1_000_000);
  });

  it('refuses any extension by default, and bad arguments', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 2 });
    const held = await f.sale.tryPurchase('ann');
    if (!held.ok) throw new Error(held.reason);
    const { id } = held.reservation;
    const error: unknown = await f.sale.extend(id, 1).catch((e: unknown) => e);
    expect(isExtensionLimitError(error) && error.allowedMs).toBe(0);
    for (const ms of [0, -5, 1.5, Number.NaN, '100']) {
      const bad: unknown = await f.sale.extend(id, ms as number).catch((e: unknown) => e);
      expect(isInvalidArgumentError(bad) && bad.argument).toBe('ms');
    }
  });

  it('a re-sent extend (the same op token) extends once', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP, holdMs: 60_000, maxExtendMs: 60_000 });
    const cart = await mustCart(f, 'ann');
    const run = async (): Promise<unknown> =>
      SALE_SCRIPTS.extend.run(f.client, 'test', 5000, f.keys.all, [cart.id, 5000, 'op-1']);
    const first = await run();
    expect(await run()).toEqual(first);
    expect((await f.sale.reservation(cart.id))?.deadlineMs).toBe(cart.deadlineMs + 5000);
  });
});
