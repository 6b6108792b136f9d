/**
 * Load shedding (削峰): one FlashSale lets at most maxPendingPurchases purchases
 * wait for Redis; one more is refused at once with `busy` and a retryAfterMs, with
 * no Redis call, and loses nothing. Purchases fired in one synchronous loop all
 * reach the batcher before any reply, so the counts below are exact.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CHANNELS,
  FLASH_SALE_DEFAULTS,
  FlashSale,
  isInvalidArgumentError,
  isRedisUnavailableError,
  type PurchaseMessage,
  type PurchaseResult,
} from '../../../src/index.js';
import { BACKENDS, mockClient, unreachableClient, uniquePrefix } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';
import { untilRememberedSoldOut } from '../sold-out/sold-out-helpers.js';

const reasons = (results: readonly PurchaseResult[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = result.ok ? 'reserved' : result.reason;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

/** Fires `count` purchases in one synchronous loop, then waits for them all. */
async function burst(sale: FlashSale, count: number, user = 'u'): Promise<PurchaseResult[]> {
  const calls: Promise<PurchaseResult>[] = [];
  for (let i = 0; i < count; i++) calls.push(sale.tryPurchase(`${user}${String(i)}`));
  return Promise.all(calls);
}

describe.each(BACKENDS)('load shedding on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('lets the bound in and refuses the rest busy, at once and losing nothing', async () => {
    f = openSale(backend, 'shed', { maxPendingPurchases: 10 });
    await f.sale.preload({ stock: 100 });
    const results = await burst(f.sale, 25);
    expect(reasons(results)).toEqual({ reserved: 10, busy: 15 });
    // the first ten in call order were let in
    expect(results.slice(0, 10).every((result) => result.ok)).toBe(true);
    for (const result of results.slice(10)) {
      expect(result).toEqual({
        ok: false,
        reason: 'busy',
        line: null,
        item: null,
        retryAfterMs: expect.any(Number) as number,
      });
      const { retryAfterMs } = result as { retryAfterMs: number };
      expect(Number.isInteger(retryAfterMs)).toBe(true);
      expect(retryAfterMs).toBeGreaterThanOrEqual(1);
      expect(retryAfterMs).toBeLessThanOrEqual(f.sale.commandTimeoutMs);
    }
    const stats = await f.sale.stats();
    expect(stats).toMatchObject({ available: 90, held: 10, sold: 0 });
    await expectInvariants(f.client, f.keys, 1);

    // answered purchases leave the bound: the refused buyers get in when they retry
    const retried = await burst(f.sale, 10, 'u1');
    expect(reasons(retried)).toEqual({ reserved: 10 });
    expect(await f.sale.stats()).toMatchObject({ available: 80, held: 20 });
  });

  it('writes nothing for a busy refusal, not even its idempotency key', async () => {
    f = openSale(backend, 'shed-raw', { maxPendingPurchases: 1 });
    await f.sale.preload({ stock: 5 });
    const [first, refused] = await Promise.all([
      f.sale.tryPurchase('a'),
      f.sale.tryPurchase('b', { idempotencyKey: 'k-b' }),
    ]);
    expect(first.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, reason: 'busy' });
    expect(await f.sale.stats()).toMatchObject({ available: 4, held: 1 });
    expect(await f.client.hget(f.keys.idempotency, 'k-b')).toBeNull();
    expect(await f.sale.userStatus('b')).toMatchObject({ used: 0, reservations: [] });
    // the key of a busy refusal was never used: a retry reserves anew
    const retry = await f.sale.tryPurchase('b', { idempotencyKey: 'k-b' });
    expect(retry).toMatchObject({ ok: true, replayed: false });
  });

  it('does not count purchases answered from the sold-out memory', async () => {
    f = openSale(backend, 'shed-sold', { maxPendingPurchases: 2, soldOutRecheckMs: 60_000 });
    await f.sale.preload({ stock: 1 });
    expect(reasons(await burst(f.sale, 2, 'first'))).toEqual({ reserved: 1, sold_out: 1 });
    await untilRememberedSoldOut(f.sale, 'probe');
    expect(reasons(await burst(f.sale, 50, 'late'))).toEqual({ sold_out: 50 });
  });

  it('publishes each busy refusal as decided in this process (batch size 0)', async () => {
    f = openSale(backend, 'shed-msg', { maxPendingPurchases: 1 });
    await f.sale.preload({ stock: 5 });
    const messages: PurchaseMessage[] = [];
    const listener = (message: unknown): void => {
      const m = message as PurchaseMessage;
      if (m.saleId === 'shed-msg') messages.push(m);
    };
    subscribe(DIAGNOSTIC_CHANNELS.purchase, listener);
    try {
      await burst(f.sale, 3);
    } finally {
      unsubscribe(DIAGNOSTIC_CHANNELS.purchase, listener);
    }
    const busy = messages.filter((m) => m.reason === 'busy');
    expect(busy.map((m) => [m.userId, m.outcome, m.batchSize])).toEqual([
      ['u1', 'rejected', 0],
      ['u2', 'rejected', 0],
    ]);
  });
});

describe('load shedding bounds', () => {
  let f: SaleFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it(`lets ${String(FLASH_SALE_DEFAULTS.maxPendingPurchases)} purchases wait by default`, async () => {
    f = openSale('redis', 'shed-default', { rememberSoldOut: false });
    await f.sale.preload({ stock: 0 });
    const results = await burst(f.sale, FLASH_SALE_DEFAULTS.maxPendingPurchases + 3);
    expect(reasons(results)).toEqual({
      sold_out: FLASH_SALE_DEFAULTS.maxPendingPurchases,
      busy: 3,
    });
  });

  it('never sheds with Infinity', async () => {
    f = openSale('redis', 'shed-off', {
      rememberSoldOut: false,
      maxPendingPurchases: Number.POSITIVE_INFINITY,
    });
    await f.sale.preload({ stock: 0 });
    expect(reasons(await burst(f.sale, 6000))).toEqual({ sold_out: 6000 });
  });

  it('caps the wait at commandTimeoutMs', async () => {
    f = openSale('redis', 'shed-cap');
    await f.sale.preload({ stock: 5 });
    const quick = new FlashSale({
      redis: f.client,
      saleId: f.sale.saleId,
      keyPrefix: f.prefix,
      maxPendingPurchases: 1,
      commandTimeoutMs: 3,
    });
    // the first may time out at 3 ms; the second is refused before it is sent
    const [, refused] = await Promise.allSettled([quick.tryPurchase('a'), quick.tryPurchase('b')]);
    expect(refused).toMatchObject({ status: 'fulfilled', value: { reason: 'busy' } });
    const { value } = refused as PromiseFulfilledResult<{ retryAfterMs: number }>;
    expect(value.retryAfterMs).toBeGreaterThanOrEqual(1);
    expect(value.retryAfterMs).toBeLessThanOrEqual(3);
  });

  it('frees the bound when Redis fails: errors are answers too', async () => {
    const client = await unreachableClient();
    try {
      const sale = new FlashSale({
        redis: client,
        saleId: 's',
        keyPrefix: uniquePrefix('down'),
        maxPendingPurchases: 2,
      });
      for (let round = 0; round < 3; round++) {
        const settled = await Promise.allSettled([sale.tryPurchase('a'), sale.tryPurchase('b')]);
        for (const outcome of settled) {
          expect(outcome.status).toBe('rejected');
          expect(isRedisUnavailableError((outcome as PromiseRejectedResult).reason)).toBe(true);
        }
      }
    } finally {
      client.disconnect();
    }
  });

  it.each([0, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY, 1_000_001, '10', null, true])(
    'refuses maxPendingPurchases %s by name',
    (value) => {
      const client = mockClient();
      let thrown: unknown;
      try {
        new FlashSale({ redis: client, saleId: 'bad', maxPendingPurchases: value as number });
      } catch (error) {
        thrown = error;
      } finally {
        client.disconnect();
      }
      expect(isInvalidArgumentError(thrown)).toBe(true);
      expect((thrown as Error).message).toContain('maxPendingPurchases');
    },
  );
});
