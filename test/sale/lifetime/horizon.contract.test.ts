/**
 * No key of a sale expires while it can still sell or hold: every key expires at
 * endMs + holdMs + retainMs, set at preload, and a sale without endMs keeps its
 * keys. Dead letters and other pipeline keys follow the same rule (test/orders).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidArgumentError } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

const DAY = 86_400_000;

/** The sale's keys that exist now (an empty set or hash is no key at all). */
async function presentKeys(f: SaleFixture): Promise<string[]> {
  const present: string[] = [];
  for (const key of f.keys.all) if ((await f.client.exists(key)) === 1) present.push(key);
  return present;
}

describe.each(BACKENDS.filter((b) => b !== 'mock'))('key lifetime on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('a sale preloaded a day before it opens keeps every key until endMs + holdMs + retainMs', async () => {
    f = openSale(backend);
    const { nowMs } = await f.sale.stats();
    const startMs = nowMs + DAY;
    const endMs = startMs + 3_600_000;
    await f.sale.preload({ stock: 5, startMs, endMs, holdMs: 900_000, retainMs: 60_000 });
    const expireAt = endMs + 900_000 + 60_000;
    expect(await f.sale.stats()).toMatchObject({ expiresAtMs: expireAt, phase: 'not_started' });
    expect(await f.client.pexpiretime(f.keys.meta)).toBe(expireAt);
  });

  it('every key exists from preload on, with the same fixed expiry, whatever is written and emptied', async () => {
    f = openSale(backend);
    const { nowMs } = await f.sale.stats();
    const endMs = nowMs + 3_600_000;
    await f.sale.preload({ stock: 5, endMs, holdMs: 60_000, retainMs: 1000 });
    const expectAllKept = async (withEvents: boolean): Promise<void> => {
      const present = await presentKeys(f);
      // the outbox stream is made by its first event; every other key by preload
      expect(present.sort()).toEqual(
        f.keys.all.filter((key) => withEvents || key !== f.keys.events).sort(),
      );
      for (const key of present) {
        expect(await f.client.pexpiretime(key), key).toBe(endMs + 60_000 + 1000);
      }
    };
    await expectAllKept(false);
    const first = await f.sale.tryPurchase('a', { idempotencyKey: 'k' });
    if (!first.ok) throw new Error(first.reason);
    await f.sale.cancel(first.reservation.id); // the deadlines hold no reservation now
    const second = await f.sale.tryPurchase('b');
    if (!second.ok) throw new Error(second.reason);
    await f.sale.confirm(second.reservation.id);
    await f.sale.expire();
    await expectAllKept(true);
  });

  it('a sale without endMs never expires, whatever is written', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5 });
    const hold = await mustReserve(f.sale, 'a');
    await f.sale.cancel(hold.id);
    await mustReserve(f.sale, 'b');
    expect(await f.sale.stats()).toMatchObject({ expiresAtMs: null });
    for (const key of await presentKeys(f)) expect(await f.client.pttl(key), key).toBe(-1);
  });

  it('removing endMs by a forced preload removes the expiry of every key', async () => {
    f = openSale(backend);
    const { nowMs } = await f.sale.stats();
    await f.sale.preload({ stock: 5, endMs: nowMs + 3_600_000 });
    await f.sale.cancel((await mustReserve(f.sale, 'a')).id);
    await f.sale.preload({ stock: 5, force: true });
    for (const key of await presentKeys(f)) expect(await f.client.pttl(key), key).toBe(-1);
  });

  it('refuses a preload whose keys would expire at once, writing nothing', async () => {
    f = openSale(backend);
    const { nowMs } = await f.sale.stats();
    const endMs = nowMs - 3 * DAY;
    const error: unknown = await f.sale
      .preload({ stock: 5, startMs: endMs - DAY, endMs, holdMs: 1000, retainMs: 1000 })
      .catch((e: unknown) => e);
    expect(isInvalidArgumentError(error) && error.argument).toBe('endMs');
    expect(await f.client.exists(...f.keys.all)).toBe(0);
  });
});
