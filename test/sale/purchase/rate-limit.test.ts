/**
 * Rate limits per user and per client key (PreloadRules.rateLimit), decided in
 * the purchase script itself (GCRA, src/sale/lua/lib/rate-limit.lua).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  isInvalidArgumentError,
  isSaleConflictError,
  isSaleDataError,
  type InvalidArgumentError,
  type PurchaseResult,
} from '../../../src/index.js';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants, KEEPER } from '../invariants.js';
import { openSale, rawState, type SaleFixture } from '../sale-fixture.js';

const MINUTE = 60_000;

function okCount(results: readonly PurchaseResult[]): number {
  return results.filter((result) => result.ok).length;
}

/** The rate set's members and scores, without its keeper (ZSCAN: the mock's ZRANGE WITHSCORES fails). */
async function rateEntries(f: SaleFixture): Promise<Map<string, number>> {
  const entries = new Map<string, number>();
  let cursor = '0';
  do {
    const [next, flat] = await f.client.zscan(f.keys.rate, cursor, 'COUNT', 1000);
    for (let index = 0; index < flat.length; index += 2) {
      const member = flat[index] ?? '';
      if (member !== KEEPER) entries.set(member, Number(flat[index + 1]));
    }
    cursor = next;
  } while (cursor !== '0');
  return entries;
}

describe.each(BACKENDS)('purchase rate limits on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('allows a burst of exactly `attempts` per user, then answers rate_limited', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({
      stock: 100,
      perUserLimit: 100,
      rateLimit: { perUser: { attempts: 3, windowMs: MINUTE } },
    });
    const results: PurchaseResult[] = [];
    for (let i = 0; i < 5; i += 1) results.push(await f.sale.tryPurchase('u'));
    expect(results.map((result) => result.ok)).toEqual([true, true, true, false, false]);
    const refused = results[3];
    const wait = refused?.ok === false ? (refused.retryAfterMs ?? 0) : 0;
    expect(refused).toEqual({
      ok: false,
      reason: 'rate_limited',
      line: null,
      item: null,
      retryAfterMs: wait,
    });
    expect(Number.isInteger(wait)).toBe(true);
    // the next attempt passes one emission interval (20 s) after the burst's first
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(MINUTE / 3);
    // another user has a budget of its own
    expect((await f.sale.tryPurchase('v')).ok).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ held: 4, available: 96 });
    await expectInvariants(f.client, f.keys, 4);
  });

  it('is exact when the interval is not a whole ms: one batch of 60 lets exactly 50 through', async () => {
    f = openSale(backend, 'rl'); // default maxBatchSize 64: the 60 calls share one script call
    await f.sale.preload({
      stock: 1000,
      perUserLimit: 1000,
      rateLimit: {
        perUser: { attempts: 50, windowMs: 70 },
        perClient: { attempts: 3, windowMs: 10_000 },
      },
    });
    const results = await Promise.all(
      Array.from({ length: 60 }, async () => f.sale.tryPurchase('u')),
    );
    expect(okCount(results)).toBe(50);
    const clients = await Promise.all(
      Array.from({ length: 5 }, async (_, i) =>
        f.sale.tryPurchase(`v${String(i)}`, { clientKey: 'ip' }),
      ),
    );
    expect(okCount(clients)).toBe(3);
    // TATs are multiples of 1/1024 ms (the interval 10 000 / 3 rounded to one)
    const tat = (await rateEntries(f)).get('c:ip') ?? 0;
    expect(Number.isInteger(tat * 1024)).toBe(true);
    expect(Number.isInteger(tat)).toBe(false);
  });

  it('limits a client key over all its users; a purchase without one is not limited per client', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({
      stock: 100,
      rateLimit: { perClient: { attempts: 2, windowMs: MINUTE } },
    });
    expect((await f.sale.tryPurchase('a', { clientKey: '10.0.0.1' })).ok).toBe(true);
    expect((await f.sale.tryPurchase('b', { clientKey: '10.0.0.1' })).ok).toBe(true);
    expect(await f.sale.tryPurchase('c', { clientKey: '10.0.0.1' })).toMatchObject({
      ok: false,
      reason: 'rate_limited',
    });
    expect(
      await f.sale.tryPurchaseCart('c', {
        lines: [{ item: 'default', quantity: 1 }],
        clientKey: '10.0.0.1',
      }),
    ).toMatchObject({ ok: false, reason: 'rate_limited', line: null, item: null });
    expect((await f.sale.tryPurchase('c', { clientKey: '10.0.0.2' })).ok).toBe(true);
    expect((await f.sale.tryPurchase('d')).ok).toBe(true);
    expect([...(await rateEntries(f)).keys()].sort()).toEqual(['c:10.0.0.1', 'c:10.0.0.2']);
    await expectInvariants(f.client, f.keys, 4);
  });

  it('needs both limits: an attempt over either counts against neither', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({
      stock: 100,
      perUserLimit: 100,
      rateLimit: {
        perUser: { attempts: 2, windowMs: MINUTE },
        perClient: { attempts: 3, windowMs: MINUTE },
      },
    });
    const results: PurchaseResult[] = [];
    for (const user of ['a', 'a', 'a', 'b', 'c', 'c']) {
      results.push(await f.sale.tryPurchase(user, { clientKey: 'phone' }));
    }
    // a, a pass; a is over its own limit (the client's count stays 2); b passes
    // (client at 3); c is over the client's limit, twice
    expect(results.map((result) => result.ok)).toEqual([true, true, false, true, false, false]);
    expect([...(await rateEntries(f)).keys()].sort()).toEqual(['c:phone', 'u:a', 'u:b']);
  });

  it('without rateLimit nothing is limited and the rate set is never written', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({ stock: 100, perUserLimit: 100 });
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => f.sale.tryPurchase('u', { clientKey: 'ip' })),
    );
    expect(okCount(results)).toBe(20);
    expect(await f.client.exists(f.keys.rate)).toBe(0);
    expect(await f.client.hexists(f.keys.meta, 'rateLimit')).toBe(0);
  });

  it('a refused attempt holds nothing and writes nothing', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({
      stock: 10,
      rateLimit: { perUser: { attempts: 1, windowMs: MINUTE } },
    });
    expect((await f.sale.tryPurchase('u')).ok).toBe(true);
    const stats = { ...(await f.sale.stats()), nowMs: 0 };
    const raw = await rawState(f);
    const rates = await rateEntries(f);
    expect(await f.sale.tryPurchase('u', { item: 'default', quantity: 1 })).toMatchObject({
      reason: 'rate_limited',
    });
    expect({ ...(await f.sale.stats()), nowMs: 0 }).toEqual(stats);
    expect(await rawState(f)).toEqual(raw);
    expect(await rateEntries(f)).toEqual(rates);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('a retry of a known idempotency key gets its original answer and costs no attempt', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({
      stock: 10,
      perUserLimit: 5,
      rateLimit: { perUser: { attempts: 1, windowMs: MINUTE } },
    });
    const first = await f.sale.tryPurchase('u', { idempotencyKey: 'req-1' });
    expect(first.ok).toBe(true);
    const again = await f.sale.tryPurchase('u', { idempotencyKey: 'req-1' });
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(await f.sale.tryPurchase('u', { idempotencyKey: 'req-2' })).toMatchObject({
      reason: 'rate_limited',
    });
    expect(await f.sale.stats()).toMatchObject({ held: 1 });
  });

  it('a re-sent call whose first run made the hold answers that hold, not rate_limited', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({ stock: 10, rateLimit: { perUser: { attempts: 1, windowMs: MINUTE } } });
    // one request: reservation id, user, lines, idempotency key, metadata, client key,
    // purchase token; op key ms
    const args = [1, 'rl:AAAAAAAAAAAAAAAA', 'u', 'default:1', '', '', '', '', 60_000];
    const keys = [...f.keys.all, f.keys.op('resent'), f.keys.rate];
    const first = (await SALE_SCRIPTS.purchase.run(
      f.client,
      'test',
      10_000,
      keys,
      args,
    )) as unknown[];
    const second = (await SALE_SCRIPTS.purchase.run(
      f.client,
      'test',
      10_000,
      keys,
      args,
    )) as unknown[];
    expect(first[0]).toBe(1);
    expect(second).toEqual(first);
    // a new call (another reservation id) is over the limit
    const other = (await SALE_SCRIPTS.purchase.run(f.client, 'test', 10_000, keys, [
      1,
      'rl:BBBBBBBBBBBBBBBB',
      'u',
      'default:1',
      '',
      '',
      '',
      '',
      60_000,
    ])) as unknown[];
    expect(other[0]).toBe(-8);
    expect(Number(other[2])).toBeGreaterThan(0);
    expect(await f.sale.stats()).toMatchObject({ held: 1 });
  });

  it('a concurrent burst from many callers: exactly `attempts` pass per user', async () => {
    f = openSale(backend, 'rl', { maxBatchSize: 7 });
    await f.sale.preload({
      stock: 1000,
      perUserLimit: 1000,
      rateLimit: { perUser: { attempts: 3, windowMs: MINUTE } },
    });
    const users = Array.from({ length: 12 }, (_, i) => `user-${String(i)}`);
    const calls = users.flatMap((user) =>
      Array.from({ length: 9 }, async () => ({ user, result: await f.sale.tryPurchase(user) })),
    );
    const answers = await Promise.all(calls);
    for (const user of users) {
      const mine = answers.filter((answer) => answer.user === user).map((a) => a.result);
      expect(okCount(mine), user).toBe(3);
      for (const result of mine) {
        if (!result.ok) expect(result.reason).toBe('rate_limited');
      }
    }
    expect(await f.sale.stats()).toMatchObject({ held: 36, available: 964 });
    await expectInvariants(f.client, f.keys, 36);
  });

  it('forgets a member once its window has passed, and lets it buy again', async () => {
    f = openSale(backend, 'rl');
    const windowMs = 300;
    await f.sale.preload({
      stock: 100,
      perUserLimit: 100,
      endMs: Date.now() + 10 * MINUTE,
      rateLimit: { perUser: { attempts: 2, windowMs } },
    });
    // one script call (one clock reading): no member's TAT can pass, and be pruned,
    // between the purchases however slow the machine is
    const firsts = await Promise.all(['a', 'b', 'c'].map(async (user) => f.sale.tryPurchase(user)));
    expect(firsts.map((result) => result.ok)).toEqual([true, true, true]);
    const entries = await rateEntries(f);
    expect([...entries.keys()].sort()).toEqual(['u:a', 'u:b', 'u:c']);
    // the set expires with the sale
    const expireAt = Number(await f.client.hget(f.keys.meta, 'expireAt'));
    expect(Number(await f.client.zscore(f.keys.rate, KEEPER))).toBe(expireAt);
    const { nowMs } = await f.sale.stats();
    const ttl = await f.client.pttl(f.keys.rate);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(expireAt - nowMs);
    // wait on Redis's own clock until every TAT has passed
    const latest = Math.max(...entries.values());
    for (;;) {
      const { nowMs } = await f.sale.stats();
      if (nowMs > latest) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // the next call that writes drops the passed entries
    expect((await f.sale.tryPurchase('d')).ok).toBe(true);
    expect([...(await rateEntries(f)).keys()]).toEqual(['u:d']);
    // a has its whole budget again: a burst of two, then a refusal (one call, one
    // clock reading, so no time can pass between the three on a slow machine)
    const again = await Promise.all([1, 2, 3].map(async () => f.sale.tryPurchase('a')));
    expect(again.map((result) => (result.ok ? 'ok' : result.reason))).toEqual([
      'ok',
      'ok',
      'rate_limited',
    ]);
    expect((await rateEntries(f)).has('u:a')).toBe(true);
  });

  it('is part of the sale config: the same preload is unchanged, a new limit needs force', async () => {
    f = openSale(backend, 'rl');
    const rules = { stock: 10, rateLimit: { perUser: { attempts: 1, windowMs: MINUTE } } };
    expect(await f.sale.preload(rules)).toBe('created');
    expect(await f.sale.preload(rules)).toBe('unchanged');
    expect(await f.client.hget(f.keys.meta, 'rateLimit')).toBe('1 60000 0 0');
    expect((await f.sale.tryPurchase('u')).ok).toBe(true);
    expect((await f.sale.tryPurchase('v')).ok).toBe(true);
    expect(await f.sale.tryPurchase('u', { quantity: 1 })).toMatchObject({
      reason: 'rate_limited',
    });
    const looser = {
      stock: 10,
      perUserLimit: 5,
      rateLimit: { perUser: { attempts: 5, windowMs: MINUTE } },
    };
    const conflict: unknown = await f.sale.preload(looser).catch((e: unknown) => e);
    expect(isSaleConflictError(conflict)).toBe(true);
    expect(await f.sale.preload({ ...looser, force: true })).toBe('replaced');
    expect(await f.client.hget(f.keys.meta, 'rateLimit')).toBe('5 60000 0 0');
    // budgets carry over: u's TAT is a minute ahead, beyond the new 48 s tolerance
    expect(await f.sale.tryPurchase('u')).toMatchObject({ reason: 'rate_limited' });
    // a new buyer has the new budget: a burst of 5
    const burst: PurchaseResult[] = [];
    for (let i = 0; i < 6; i += 1) burst.push(await f.sale.tryPurchase('w'));
    expect(burst.map((result) => result.ok)).toEqual([true, true, true, true, true, false]);
    // a forced preload without rateLimit removes the limits
    expect(await f.sale.preload({ stock: 10, perUserLimit: 5, force: true })).toBe('replaced');
    expect(await f.client.hexists(f.keys.meta, 'rateLimit')).toBe(0);
    for (let i = 0; i < 3; i += 1) expect((await f.sale.tryPurchase('v')).ok).toBe(true);
  });

  it('a malformed limit in the sale hash is damaged data, and nothing is written', async () => {
    f = openSale(backend, 'rl');
    await f.sale.preload({ stock: 10, rateLimit: { perUser: { attempts: 1, windowMs: MINUTE } } });
    await f.client.hset(f.keys.meta, 'rateLimit', '1 per minute');
    const error: unknown = await f.sale.tryPurchase('u').catch((e: unknown) => e);
    expect(isSaleDataError(error)).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ held: 0, available: 10 });
  });

  it('refuses bad rules and client keys by name, and stores nothing', async () => {
    f = openSale(backend, 'rl');
    const bad: readonly [string, () => Promise<unknown>][] = [
      [
        'rateLimit.perUser.attempts',
        () => f.sale.preload({ stock: 1, rateLimit: { perUser: { attempts: 0, windowMs: 1000 } } }),
      ],
      [
        'rateLimit.perUser.attempts',
        () =>
          f.sale.preload({ stock: 1, rateLimit: { perUser: { attempts: 1.5, windowMs: 1000 } } }),
      ],
      [
        'rateLimit.perClient.windowMs',
        () => f.sale.preload({ stock: 1, rateLimit: { perClient: { attempts: 1, windowMs: -1 } } }),
      ],
      [
        'rateLimit.perClient.windowMs',
        () =>
          f.sale.preload({
            stock: 1,
            rateLimit: { perClient: { attempts: 1, windowMs: 86_400_001 } },
          }),
      ],
      [
        'rateLimit.perUser.attempts',
        () =>
          f.sale.preload({
            stock: 1,
            rateLimit: { perUser: { attempts: 1_000_001, windowMs: 1 } },
          }),
      ],
      ['clientKey', () => f.sale.tryPurchase('u', { clientKey: '' })],
      ['clientKey', () => f.sale.tryPurchase('u', { clientKey: 'k'.repeat(257) })],
    ];
    for (const [argument, call] of bad) {
      const error: unknown = await call().catch((e: unknown) => e);
      expect(isInvalidArgumentError(error), argument).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(await f.client.exists(...f.keys.all, f.keys.rate)).toBe(0);
    // 256 bytes is the most, and fine
    await f.sale.preload({ stock: 1, rateLimit: { perClient: { attempts: 1, windowMs: 1 } } });
    expect((await f.sale.tryPurchase('u', { clientKey: 'k'.repeat(256) })).ok).toBe(true);
  });
});
