/**
 * Sold out costs nothing: once Redis has said sold_out, this process answers it
 * from memory, and learns within a bounded delay when units come back — from the
 * sale's reopened channel, from its own calls, at the moment the sale's earliest
 * hold falls due, and after soldOutRecheckMs whatever happened to the messages.
 * The memory only ever refuses.
 */
import type { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { FlashSale, isInvalidArgumentError } from '../../../src/index.js';
import { BACKENDS, type AnyClient } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { mustReserve, pastDeadline } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';
import { answeredFromMemory, untilRememberedSoldOut, untilReserved } from './sold-out-helpers.js';

// Long enough that only a message (or the process's own call) can explain a
// reopen seen within a test's bounded wait.
const NO_RECHECK = { soldOutRecheckMs: 60_000 } as const;

describe.each(BACKENDS)('remembered sold out on %s', (backend) => {
  let f: SaleFixture;
  const others: AnyClient[] = [];
  afterEach(async () => {
    await f.close();
    for (const other of others.splice(0)) other.disconnect();
  });

  /** The same sale seen through another connection: another process. */
  function otherProcess(): FlashSale {
    const client = f.client.isCluster
      ? (f.client as Cluster).duplicate()
      : (f.client as Redis).duplicate();
    others.push(client);
    return new FlashSale({ redis: client, saleId: f.sale.saleId, keyPrefix: f.prefix });
  }

  it('answers sold_out from memory, then sells again when another process cancels', async () => {
    f = openSale(backend, 'sale', NO_RECHECK);
    await f.sale.preload({ stock: 2 });
    await mustReserve(f.sale, 'a');
    const held = await mustReserve(f.sale, 'b');
    await untilRememberedSoldOut(f.sale, 'c');
    const before = await f.sale.stats();
    const { result, fromMemory } = await answeredFromMemory(f.sale, () => f.sale.tryPurchase('c'));
    expect(fromMemory).toBe(true);
    expect(result).toEqual({ ok: false, reason: 'sold_out', line: 0, item: 'default' });
    expect(await f.sale.stats()).toEqual({ ...before, nowMs: expect.any(Number) as number });

    await otherProcess().cancel(held.id);
    await untilReserved(f.sale, 'c');
    expect(await f.sale.stats()).toMatchObject({ available: 0, held: 2 });
    await expectInvariants(f.client, f.keys, 1);
  });

  it("sells at once after this process's own cancel or restock, or a sibling's on its client", async () => {
    f = openSale(backend, 'sale', NO_RECHECK);
    await f.sale.preload({ stock: 1 });
    const held = await mustReserve(f.sale, 'a');
    await untilRememberedSoldOut(f.sale, 'b');
    await f.sale.cancel(held.id);
    const b = await mustReserve(f.sale, 'b');

    await untilRememberedSoldOut(f.sale, 'c');
    await f.sale.restock(1);
    await mustReserve(f.sale, 'c');

    await untilRememberedSoldOut(f.sale, 'd');
    // another FlashSale of this sale on the same client shares the memory
    const sibling = new FlashSale({ redis: f.client, saleId: 'sale', keyPrefix: f.prefix });
    await sibling.cancel(b.id);
    await mustReserve(f.sale, 'd');
    await expectInvariants(f.client, f.keys, 1);
  });

  it('asks Redis again when the earliest hold falls due (its units come back without a message)', async () => {
    f = openSale(backend, 'sale', NO_RECHECK);
    // long enough for the memory to be set before the hold falls due, on a loaded machine
    await f.sale.preload({ stock: 1, holdMs: 3000 });
    const held = await mustReserve(f.sale, 'a');
    await untilRememberedSoldOut(f.sale, 'b');
    await pastDeadline(f.sale, held, f.clockSlackMs);
    // no sweeper, no message: the purchase itself reclaims the overdue hold
    const second = await mustReserve(f.sale, 'b');
    expect(second.userId).toBe('b');
    await expectInvariants(f.client, f.keys, 1);
  });

  it('forgets after soldOutRecheckMs even when no message comes', async () => {
    f = openSale(backend, 'sale', { soldOutRecheckMs: 200 });
    await f.sale.preload({ stock: 1 });
    await mustReserve(f.sale, 'a');
    await untilRememberedSoldOut(f.sale, 'b');
    // a unit back behind the scripts' back: nothing is published
    const [item, available] = await Promise.all([
      f.client.hget(f.keys.meta, 'item:default'),
      f.client.hget(f.keys.meta, 'available'),
    ]);
    const fields = (item ?? '').split(' ').map(Number);
    fields[0] = 1; // available
    fields[4] = (fields[4] ?? 0) + 1; // restocked
    await f.client.hset(f.keys.meta, {
      'item:default': fields.join(' '),
      available: String(Number(available) + 1),
      restocked: '1',
    });
    await untilReserved(f.sale, 'b');
  });

  it('always asks Redis for a purchase with an idempotency key (a retry finds its reservation)', async () => {
    f = openSale(backend, 'sale', NO_RECHECK);
    await f.sale.preload({ stock: 1 });
    const first = await f.sale.tryPurchase('a', { idempotencyKey: 'k1' });
    await untilRememberedSoldOut(f.sale, 'b');
    const retry = await answeredFromMemory(f.sale, () =>
      f.sale.tryPurchase('a', { idempotencyKey: 'k1' }),
    );
    expect(retry.fromMemory).toBe(false);
    expect(retry.result.ok && first.ok && retry.result.reservation.id).toBe(
      first.ok && first.reservation.id,
    );
    expect(retry.result.ok && retry.result.replayed).toBe(true);
  });

  it('refuses a cart from memory naming the sold-out line, and sells the other items', async () => {
    f = openSale(backend, 'sale', NO_RECHECK);
    await f.sale.preload({
      items: [
        { id: 'phone', stock: 1 },
        { id: 'case', stock: 5 },
      ],
    });
    await mustReserveItem(f.sale, 'a', 'phone');
    for (let i = 0; i < 500; i++) {
      const { fromMemory } = await answeredFromMemory(f.sale, () =>
        f.sale.tryPurchase('b', { item: 'phone' }),
      );
      if (fromMemory) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const cart = await answeredFromMemory(f.sale, () =>
      f.sale.tryPurchaseCart('b', {
        lines: [
          { item: 'case', quantity: 1 },
          { item: 'phone', quantity: 1 },
        ],
      }),
    );
    expect(cart).toEqual({
      fromMemory: true,
      result: { ok: false, reason: 'sold_out', line: 1, item: 'phone' },
    });
    expect((await f.sale.tryPurchase('b', { item: 'case' })).ok).toBe(true);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('with rememberSoldOut: false, every refusal asks Redis', async () => {
    f = openSale(backend, 'sale', { rememberSoldOut: false });
    await f.sale.preload({ stock: 1 });
    await mustReserve(f.sale, 'a');
    for (let i = 0; i < 20; i++) {
      const { result, fromMemory } = await answeredFromMemory(f.sale, () =>
        f.sale.tryPurchase('b'),
      );
      expect(result).toMatchObject({ ok: false, reason: 'sold_out' });
      expect(fromMemory).toBe(false);
    }
  });

  it('refuses bad options by name', () => {
    f = openSale(backend);
    for (const [name, value] of [
      ['rememberSoldOut', 'yes'],
      ['rememberSoldOut', null],
      ['soldOutRecheckMs', 0],
      ['soldOutRecheckMs', 1.5],
      ['soldOutRecheckMs', 60_001],
      ['soldOutRecheckMs', '100'],
    ] as const) {
      let error: unknown;
      try {
        new FlashSale({ redis: f.client, saleId: 's', [name]: value });
      } catch (caught) {
        error = caught;
      }
      expect(isInvalidArgumentError(error) && error.argument).toBe(name);
    }
  });
});

async function mustReserveItem(sale: FlashSale, userId: string, item: string): Promise<void> {
  const result = await sale.tryPurchase(userId, { item });
  if (!result.ok) throw new Error(`expected a reservation, got ${result.reason}`);
}
