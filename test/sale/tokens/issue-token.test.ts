/**
 * Issuing purchase tokens: only while the sale is open, with an expiry on Redis's
 * clock; a forged token is refused in this process with no Redis call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FlashSale, isInvalidArgumentError, PURCHASE_TOKEN_DEFAULTS } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

const KEY = 'k'.repeat(32);

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(BACKENDS)('issuing purchase tokens on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('issues only while the sale is open', async () => {
    f = openSale(backend, 'tok', { purchaseTokenKey: KEY });
    expect(await f.sale.issuePurchaseToken('alice')).toEqual({ ok: false, reason: 'not_loaded' });
    const now = Date.now();
    await f.sale.preload({ stock: 1, startMs: now + 3_600_000, endMs: now + 7_200_000 });
    expect(await f.sale.issuePurchaseToken('alice')).toEqual({ ok: false, reason: 'not_started' });
    await f.sale.preload({
      stock: 1,
      startMs: now - 7_200_000,
      endMs: now - 3_600_000,
      force: true,
    });
    expect(await f.sale.issuePurchaseToken('alice')).toEqual({ ok: false, reason: 'ended' });
    await f.sale.preload({ stock: 1, force: true });
    const before = (await f.sale.stats()).nowMs;
    const issued = await f.sale.issuePurchaseToken('alice', { ttlMs: 5000 });
    const after = (await f.sale.stats()).nowMs;
    expect(issued.ok).toBe(true);
    if (!issued.ok) return;
    expect(issued.expiresMs).toBeGreaterThanOrEqual(before + 5000);
    expect(issued.expiresMs).toBeLessThanOrEqual(after + 5000);
    expect(typeof issued.token).toBe('string');
  });

  it('refuses a forged token in this process: invalid_token, nothing held', async () => {
    f = openSale(backend, 'tok-forged', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 3 });
    const issued = await f.sale.issuePurchaseToken('alice');
    if (!issued.ok) throw new Error('no token');
    const forger = new FlashSale({
      redis: f.client,
      saleId: f.sale.saleId,
      keyPrefix: f.prefix,
      purchaseTokenKey: 'x'.repeat(32),
    });
    const forged = await forger.issuePurchaseToken('alice');
    if (!forged.ok) throw new Error('no token');
    const refusals = await Promise.all([
      f.sale.tryPurchase('alice', { purchaseToken: forged.token }),
      f.sale.tryPurchase('bob', { purchaseToken: issued.token }), // alice's token
      f.sale.tryPurchaseCart('alice', {
        lines: [{ item: 'default', quantity: 1 }],
        purchaseToken: 'nope',
      }),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toEqual({ ok: false, reason: 'invalid_token', line: null, item: null });
    }
    expect(await f.sale.stats()).toMatchObject({ available: 3, held: 0 });
  });
});

describe('purchase token misuse', () => {
  let f: SaleFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('needs purchaseTokenKey to issue or to take a token', async () => {
    f = openSale('mock', 'tok-nokey');
    await f.sale.preload({ stock: 1 });
    const sale = f.sale;
    const noKey = await thrown(async () => sale.issuePurchaseToken('alice'));
    expect(isInvalidArgumentError(noKey)).toBe(true);
    expect((noKey as Error).message).toContain('purchaseTokenKey');
    const given = await thrown(async () => sale.tryPurchase('alice', { purchaseToken: 'x' }));
    expect(isInvalidArgumentError(given)).toBe(true);
    expect((given as Error).message).toContain('purchaseToken');
    expect(await sale.stats()).toMatchObject({ available: 1, held: 0 });
  });

  it.each([0, 999, 3_600_001, 1.5, '60000', null])('refuses ttlMs %s by name', async (ttlMs) => {
    f = openSale('mock', 'tok-ttl', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 1 });
    const sale = f.sale;
    const error = await thrown(async () =>
      sale.issuePurchaseToken('alice', { ttlMs: ttlMs as number }),
    );
    expect(isInvalidArgumentError(error)).toBe(true);
    expect((error as Error).message).toContain('ttlMs');
  });

  it("issues a one-minute token by default, on Redis's clock", async () => {
    f = openSale('mock', 'tok-default', { purchaseTokenKey: KEY });
    await f.sale.preload({ stock: 1 });
    const before = (await f.sale.stats()).nowMs;
    const issued = await f.sale.issuePurchaseToken('alice');
    const after = (await f.sale.stats()).nowMs;
    expect(PURCHASE_TOKEN_DEFAULTS.ttlMs).toBe(60_000);
    if (!issued.ok) throw new Error(`no token: ${issued.reason}`);
    expect(issued.expiresMs).toBeGreaterThanOrEqual(before + 60_000);
    expect(issued.expiresMs).toBeLessThanOrEqual(after + 60_000);
  });
});
