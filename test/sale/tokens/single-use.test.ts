/**
 * The script's half of purchase tokens: a sale preloaded with
 * requirePurchaseToken refuses a purchase without a good token, and each token
 * buys at most once, expires on Redis's clock and is forgotten after that.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isInvalidArgumentError, type PurchaseResult } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

const KEY = 'k'.repeat(32);
const sleep = async (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

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
    const used = await tokenFor('erin', 3000);
    const unused = await tokenFor('erin', 3000);
    expect((await f.sale.tryPurchase('erin', { purchaseToken: used })).ok).toBe(true);
    expect(await f.client.zscore(f.keys.rate, `t:${used.split('.')[1] ?? ''}`)).not.toBeNull();
    // wait on Redis's clock until both have expired
    const expiresMs = parseInt(unused.split('.')[0] ?? '', 36);
    while ((await f.sale.stats()).nowMs <= expiresMs) await sleep(50);
    expect(await f.sale.tryPurchase('erin', { purchaseToken: unused })).toMatchObject({
      reason: 'invalid_token',
    });
    // a call that writes prunes what has expired
    expect((await f.sale.tryPurchase('erin', { purchaseToken: await tokenFor('erin') })).ok).toBe(
      true,
    );
    expect(await f.client.zscore(f.keys.rate, `t:${used.split('.')[1] ?? ''}`)).toBeNull();
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
