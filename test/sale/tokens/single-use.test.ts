/**
 * The script's half of purchase tokens: a sale preloaded with
 * requirePurchaseToken refuses a purchase without a good token, and each token
 * buys at most once, expires on Redis's clock and is forgotten after that.
 */
import { createSecretKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidArgumentError, type PurchaseResult } from '../../../src/index.js';
import { signPurchaseToken } from '../../../src/sale/tokens/purchase-token.js';
import { BACKENDS } from '../../harness/clients.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

const KEY = 'k'.repeat(32);

describe.each(BACKENDS)('purchase tokens in the script on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  async function tokenFor(userId: string, ttlMs?: number): Promise<string> {
    const issued = await f.sale.issuePurchaseToken(userId, ttlMs === undefined ? {} : { ttlMs });
    if (!issued.ok) throw new Error(`no token: ${issued.reason}`);
    return issued.token;
  }

  it('requires a token when preloaded so, and a token buys once', async () => {
    f = openSale(backend, 'req', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 10, perUserLimit: 5, requirePurchaseToken: true });
    expect(await f.sale.tryPurchase('alice')).toEqual({
      ok: false,
      reason: 'invalid_token',
      line: null,
      item: null,
    });
    const token = await tokenFor('alice');
    expect((await f.sale.tryPurchase('alice', { purchaseToken: token })).ok).toBe(true);
    expect(await f.sale.tryPurchase('alice', { purchaseToken: token })).toMatchObject({
      reason: 'invalid_token',
    });
    expect((await f.sale.tryPurchase('alice', { purchaseToken: await tokenFor('alice') })).ok).toBe(
      true,
    );
    expect(await f.sale.stats()).toMatchObject({ available: 8, held: 2 });
  });

  it('lets exactly one of many concurrent uses of a token through', async () => {
    f = openSale(backend, 'race', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 100, perUserLimit: 100, requirePurchaseToken: true });
    const token = await tokenFor('bob');
    const results: PurchaseResult[] = await Promise.all(
      Array.from({ length: 50 }, async () => f.sale.tryPurchase('bob', { purchaseToken: token })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(
      results.filter((result) => !result.ok && result.reason === 'invalid_token'),
    ).toHaveLength(49);
    expect(await f.sale.stats()).toMatchObject({ held: 1 });
  });

  it('uses a token up on any decided attempt, and checks a token even when not required', async () => {
    f = openSale(backend, 'any', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 1 });
    const token = await tokenFor('carol');
    expect((await f.sale.tryPurchase('dave')).ok).toBe(true); // no token needed
    expect(await f.sale.tryPurchase('carol', { purchaseToken: token })).toMatchObject({
      reason: 'sold_out',
    });
    expect(await f.sale.tryPurchase('carol', { purchaseToken: token })).toMatchObject({
      reason: 'invalid_token',
    });
  });

  it('refuses an expired token, and forgets used tokens once they expire', async () => {
    f = openSale(backend, 'exp', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 10, perUserLimit: 10, requirePurchaseToken: true });
    // tokens signed as issuePurchaseToken signs them, with expiries chosen on
    // Redis's clock: no test step races a token's lifetime
    const key = createSecretKey(Buffer.from(KEY));
    const { nowMs } = await f.sale.stats();
    const sign = (expiresMs: number): string =>
      signPurchaseToken(key, f.keys.meta, 'erin', expiresMs);
    const idOf = (token: string): string => token.split('.')[1] ?? '';
    expect(await f.sale.tryPurchase('erin', { purchaseToken: sign(nowMs - 1) })).toMatchObject({
      reason: 'invalid_token',
    });
    // a used token is kept, scored with its expiry, for as long as it could pass
    const live = sign(nowMs + 60_000);
    expect((await f.sale.tryPurchase('erin', { purchaseToken: live })).ok).toBe(true);
    expect(await f.client.zscore(f.keys.rate, `t:${idOf(live)}`)).toBe(String(nowMs + 60_000));
    // one used earlier whose expiry has passed is dropped by the next call that writes
    await f.client.zadd(f.keys.rate, nowMs - 1, 't:AAAAAAAAAAAAAAAA');
    expect((await f.sale.tryPurchase('erin', { purchaseToken: sign(nowMs + 60_000) })).ok).toBe(
      true,
    );
    expect(await f.client.zscore(f.keys.rate, 't:AAAAAAAAAAAAAAAA')).toBeNull();
    expect(await f.client.zscore(f.keys.rate, `t:${idOf(live)}`)).not.toBeNull();
    expect(await f.sale.stats()).toMatchObject({ held: 2 });
  });

  it('answers a retry of a known idempotency key with its reservation, token used or not', async () => {
    f = openSale(backend, 'idem', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 10, requirePurchaseToken: true });
    const token = await tokenFor('gina');
    const first = await f.sale.tryPurchase('gina', { purchaseToken: token, idempotencyKey: 'k1' });
    expect(first).toMatchObject({ ok: true, replayed: false });
    const retry = await f.sale.tryPurchase('gina', { purchaseToken: token, idempotencyKey: 'k1' });
    expect(retry).toMatchObject({ ok: true, replayed: true });
    expect(await f.sale.stats()).toMatchObject({ held: 1 });
  });

  it.each([42, '', null, 'x'.repeat(257)])(
    'refuses the purchaseToken %s by name, holding nothing',
    async (purchaseToken) => {
      f = openSale(backend, 'bad', { purchaseTokenKey: KEY });
      await f.sale.preload({ stock: 1, requirePurchaseToken: true });
      let thrown: unknown;
      try {
        await f.sale.tryPurchase('hal', { purchaseToken: purchaseToken as string });
      } catch (error) {
        thrown = error;
      }
      expect(isInvalidArgumentError(thrown)).toBe(true);
      expect((thrown as Error).message).toContain('purchaseToken');
      expect(await f.sale.stats()).toMatchObject({ available: 1, held: 0 });
    },
  );

  it('turns the requirement off with a forced preload', async () => {
    f = openSale(backend, 'off', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 10, requirePurchaseToken: true });
    expect(await f.sale.tryPurchase('frank')).toMatchObject({ reason: 'invalid_token' });
    expect(await f.sale.preload({ stock: 10, requirePurchaseToken: true })).toBe('unchanged');
    await f.sale.preload({ stock: 10, force: true });
    expect((await f.sale.tryPurchase('frank')).ok).toBe(true);
  });
});
