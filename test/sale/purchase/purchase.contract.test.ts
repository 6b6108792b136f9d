import { afterEach, describe, expect, it } from 'vitest';
import { isIdempotencyConflictError } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('tryPurchase on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('holds units until a deadline from Redis time', async () => {
    f = openSale(backend, 'drop');
    await f.sale.preload({ stock: 3, holdMs: 60_000 });
    const before = Date.now();
    const result = await f.sale.tryPurchase('alice');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const r = result.reservation;
    expect(r).toMatchObject({
      saleId: 'drop',
      userId: 'alice',
      quantity: 1,
      state: 'held',
      releaseReason: null,
      endedAtMs: null,
    });
    expect(r.id).toMatch(/^drop:[A-Za-z0-9_-]{16}$/);
    expect(r.deadlineMs - r.createdAtMs).toBe(60_000);
    // mock TIME rounds to the second, so allow a little either side
    expect(Math.abs(r.createdAtMs - before)).toBeLessThan(5_000);
    expect(result.replayed).toBe(false);
    expect(await f.sale.stats()).toMatchObject({ available: 2, held: 1, sold: 0 });
    await expectInvariants(f.client, f.keys, 1);
  });

  it('answers not_loaded for a sale that was never preloaded', async () => {
    f = openSale(backend);
    expect(await f.sale.tryPurchase('u')).toEqual({
      ok: false,
      reason: 'not_loaded',
      line: null,
      item: null,
    });
    expect(await f.client.exists(...f.keys.all)).toBe(0);
  });

  it('enforces the per-user limit across purchases and quantities', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 2 });
    expect(await f.sale.tryPurchase('u', { quantity: 3 })).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 0,
      item: 'default',
    });
    expect((await f.sale.tryPurchase('u', { quantity: 2 })).ok).toBe(true);
    expect(await f.sale.tryPurchase('u')).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 0,
      item: 'default',
    });
    expect((await f.sale.tryPurchase('v')).ok).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ available: 7, held: 3 });
    await expectInvariants(f.client, f.keys, 2);
  });

  it('sells exactly the stock: insufficient_stock, then sold_out', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 3, perUserLimit: 5 });
    expect((await f.sale.tryPurchase('a', { quantity: 2 })).ok).toBe(true);
    expect(await f.sale.tryPurchase('b', { quantity: 2 })).toEqual({
      ok: false,
      reason: 'insufficient_stock',
      line: 0,
      item: 'default',
    });
    expect((await f.sale.tryPurchase('b')).ok).toBe(true);
    expect(await f.sale.tryPurchase('c')).toEqual({
      ok: false,
      reason: 'sold_out',
      line: 0,
      item: 'default',
    });
    expect(await f.sale.stats()).toMatchObject({ available: 0, held: 3, phase: 'sold_out' });
    await expectInvariants(f.client, f.keys, 5);
  });

  it('answers not_started and ended outside the window', async () => {
    f = openSale(backend, 'future');
    await f.sale.preload({ stock: 3, startMs: Date.now() + 3_600_000 });
    expect(await f.sale.tryPurchase('u')).toEqual({
      ok: false,
      reason: 'not_started',
      line: null,
      item: null,
    });
    expect((await f.sale.stats()).phase).toBe('not_started');
    const past = openSale(backend, 'past');
    try {
      await past.sale.preload({ stock: 3, endMs: Date.now() - 3_600_000 });
      expect(await past.sale.tryPurchase('u')).toEqual({
        ok: false,
        reason: 'ended',
        line: null,
        item: null,
      });
      expect(await past.sale.stats()).toMatchObject({ phase: 'ended', available: 3, held: 0 });
    } finally {
      await past.close();
    }
  });

  it('returns the same reservation for a retried idempotency key and never takes a second unit', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, perUserLimit: 3 });
    const first = await f.sale.tryPurchase('u', { idempotencyKey: 'req-1' });
    const again = await f.sale.tryPurchase('u', { idempotencyKey: 'req-1' });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.replayed).toBe(true);
    expect(again.reservation).toEqual(first.reservation);
    expect(await f.sale.stats()).toMatchObject({ available: 4, held: 1 });
    // after confirmation the replay shows the current state
    await f.sale.confirm(first.reservation.id);
    const later = await f.sale.tryPurchase('u', { idempotencyKey: 'req-1' });
    expect(later.ok && later.reservation.state).toBe('sold');
    await expectInvariants(f.client, f.keys, 3);
  });

  it('refuses an idempotency key reused with another user or quantity, changing nothing', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, perUserLimit: 3 });
    await f.sale.tryPurchase('u', { idempotencyKey: 'k' });
    for (const attempt of [
      f.sale.tryPurchase('other', { idempotencyKey: 'k' }),
      f.sale.tryPurchase('u', { idempotencyKey: 'k', quantity: 2 }),
    ]) {
      const error: unknown = await attempt.catch((e: unknown) => e);
      expect(isIdempotencyConflictError(error)).toBe(true);
    }
    expect(await f.sale.stats()).toMatchObject({ available: 4, held: 1 });
  });

  it('keeps ids with braces, colons, pipes, newlines and NUL inside the sale', async () => {
    f = openSale(backend, 'odd');
    await f.sale.preload({ stock: 10 });
    const users = ['{odd}:meta', 'a|b|c', 'line\nbreak', 'nul\u0000byte', '}{', '秒杀😀', ' '];
    // the record splits key, user and metadata by their lengths in bytes
    const metadata = { note: 'ü|秒杀😀', user: 'x' };
    for (const user of users) {
      const result = await f.sale.tryPurchase(user, {
        idempotencyKey: `${user}|key`,
        metadata: { ...metadata, user },
      });
      expect(result.ok && result.reservation.userId).toBe(user);
      expect(result.ok && result.reservation.metadata).toEqual({ ...metadata, user });
    }
    for (const user of users) {
      const status = await f.sale.userStatus(user);
      expect(status?.reservations.map((r) => r.userId)).toEqual([user]);
      expect(status?.used).toBe(1);
    }
    expect(await f.sale.tryPurchase(users[0] ?? '')).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 0,
      item: 'default',
    });
    if (backend !== 'cluster') {
      const keys = await f.client.keys(`${f.prefix}*`);
      // every key is one of the sale's, all made by preload (op keys keep a call's
      // answer for a re-sent copy, for a few minutes)
      const saleKeys = keys.filter((key) => !key.includes('}:op:'));
      expect(saleKeys.sort()).toEqual([...f.keys.all].sort());
    }
    await expectInvariants(f.client, f.keys, 1);
  });

  it('decides a burst of concurrent calls each with its own result', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, perUserLimit: 2 });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => f.sale.tryPurchase(`u${String(i % 4)}`)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(
      results.filter((r) => !r.ok && r.reason === 'sold_out').length +
        results.filter((r) => !r.ok && r.reason === 'limit_reached').length,
    ).toBe(7);
    const ids = results.flatMap((r) => (r.ok ? [r.reservation.id] : []));
    expect(new Set(ids).size).toBe(5);
    await expectInvariants(f.client, f.keys, 2);
  });
});
