import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlashSale, isInvalidArgumentError, type InvalidArgumentError } from '../../src/index.js';
import { BACKENDS } from '../harness/clients.js';
import { expectInvariants } from './invariants.js';
import { mustReserve } from './purchase-helpers.js';
import { openSale, type SaleFixture } from './sale-fixture.js';

/** Calls that must throw InvalidArgumentError naming `argument`, given a loaded sale `sale`. */
type BadCall = readonly [
  label: string,
  argument: string,
  call: (sale: FlashSale) => Promise<unknown>,
];

// Deliberately ill-typed values: this is what JavaScript callers and untyped
// request bodies send.
const loose = (value: unknown): never => value as never;

const BAD_CALLS: readonly BadCall[] = [
  ['empty user id', 'userId', (s) => s.tryPurchase('')],
  ['numeric user id', 'userId', (s) => s.tryPurchase(loose(42))],
  ['null user id', 'userId', (s) => s.tryPurchase(loose(null))],
  ['over-long user id', 'userId', (s) => s.tryPurchase('x'.repeat(257))],
  ['over-long user id in bytes', 'userId', (s) => s.tryPurchase('秒'.repeat(86))],
  ['lone surrogate in user id', 'userId', (s) => s.tryPurchase('a\uD800b')],
  ['zero quantity', 'quantity', (s) => s.tryPurchase('u', { quantity: 0 })],
  ['negative quantity', 'quantity', (s) => s.tryPurchase('u', { quantity: -1 })],
  ['fractional quantity', 'quantity', (s) => s.tryPurchase('u', { quantity: 1.5 })],
  ['NaN quantity', 'quantity', (s) => s.tryPurchase('u', { quantity: Number.NaN })],
  ['huge quantity', 'quantity', (s) => s.tryPurchase('u', { quantity: 1e12 })],
  ['string quantity', 'quantity', (s) => s.tryPurchase('u', { quantity: loose('2') })],
  ['empty idempotency key', 'idempotencyKey', (s) => s.tryPurchase('u', { idempotencyKey: '' })],
  ['non-object options', 'options', (s) => s.tryPurchase('u', loose('fast'))],
  ['malformed reservation id', 'reservationId', (s) => s.confirm('nope')],
  ['reservation id of another sale', 'reservationId', (s) => s.cancel('other:1')],
  ['reservation id with a key-space escape', 'reservationId', (s) => s.confirm('bad:1}:x')],
  ['empty reservation id', 'reservationId', (s) => s.reservation('')],
  ['cancel reason', 'reason', (s) => s.cancel('bad:1', loose({ reason: 'whim' }))],
  ['negative stock', 'stock', (s) => s.preload({ stock: -1 })],
  ['fractional stock', 'stock', (s) => s.preload({ stock: 2.5 })],
  ['missing stock', 'stock', (s) => s.preload(loose({}))],
  ['null preload options', 'options', (s) => s.preload(loose(null))],
  ['null purchase options', 'options', (s) => s.tryPurchase('u', loose(null))],
  ['zero hold', 'holdMs', (s) => s.preload({ stock: 1, holdMs: 0 })],
  ['NaN limit', 'perUserLimit', (s) => s.preload({ stock: 1, perUserLimit: Number.NaN })],
  ['start in seconds', 'startMs', (s) => s.preload({ stock: 1, startMs: 1_700_000_000 })],
  [
    'end before start',
    'endMs',
    (s) => s.preload({ stock: 1, startMs: 1_800_000_000_000, endMs: 1_799_999_999_999 }),
  ],
  ['string outbox flag', 'outbox', (s) => s.preload({ stock: 1, outbox: loose('yes') })],
  ['history under a second', 'historyMs', (s) => s.preload({ stock: 1, historyMs: 999 })],
  [
    'string eviction flag',
    'allowEvictingRedis',
    (s) => s.preload({ stock: 1, allowEvictingRedis: loose('yes') }),
  ],
  [
    'zero rate-limit attempts',
    'rateLimit.perUser.attempts',
    (s) => s.preload({ stock: 1, rateLimit: { perUser: { attempts: 0, windowMs: 1000 } } }),
  ],
  [
    'fractional rate-limit attempts',
    'rateLimit.perClient.attempts',
    (s) => s.preload({ stock: 1, rateLimit: { perClient: { attempts: 1.5, windowMs: 1000 } } }),
  ],
  [
    'negative rate-limit window',
    'rateLimit.perUser.windowMs',
    (s) => s.preload({ stock: 1, rateLimit: { perUser: { attempts: 1, windowMs: -1 } } }),
  ],
  [
    'more rate-limit attempts than window ms',
    'rateLimit.perUser.attempts',
    (s) => s.preload({ stock: 1, rateLimit: { perUser: { attempts: 1001, windowMs: 1000 } } }),
  ],
  [
    'unknown rate-limit kind',
    'perIp',
    (s) => s.preload({ stock: 1, rateLimit: loose({ perIp: { attempts: 1, windowMs: 1 } }) }),
  ],
  ['null rate limit', 'rateLimit', (s) => s.preload({ stock: 1, rateLimit: loose(null) })],
  [
    'string rate-limit rule',
    'rateLimit.perUser',
    (s) => s.preload({ stock: 1, rateLimit: { perUser: loose('1/10s') } }),
  ],
  ['empty client key', 'clientKey', (s) => s.tryPurchase('u', { clientKey: '' })],
  ['over-long client key', 'clientKey', (s) => s.tryPurchase('u', { clientKey: 'x'.repeat(257) })],
  [
    'numeric client key in a cart',
    'clientKey',
    (s) =>
      s.tryPurchaseCart('u', { lines: [{ item: 'default', quantity: 1 }], clientKey: loose(7) }),
  ],
  ['restock past the bound', 'delta', (s) => s.restock(1e16)],
  ['numeric-looking reservation id', 'reservationId', (s) => s.confirm('bad:123')],
  ['zero restock', 'delta', (s) => s.restock(0)],
  ['fractional restock', 'delta', (s) => s.restock(0.5)],
  ['expire batch of zero', 'maxBatchSize', (s) => s.expire({ maxBatchSize: 0 })],
  ['expire batch over 2000', 'maxBatchSize', (s) => s.expire({ maxBatchSize: 2001 })],
  ['empty user id for status', 'userId', (s) => s.userStatus('')],
];

describe.each(BACKENDS)('bad input on %s', (backend) => {
  let f: SaleFixture;
  let before: unknown;
  const snapshot = async (): Promise<unknown> => ({ ...(await f.sale.stats()), nowMs: 0 });

  beforeAll(async () => {
    f = openSale(backend, 'bad');
    await f.sale.preload({ stock: 5, perUserLimit: 2 });
    await mustReserve(f.sale, 'u');
    before = await snapshot();
  });
  afterAll(async () => {
    await f.close();
  });

  it.each(BAD_CALLS)(
    '%s: typed error naming %s; nothing changes',
    async (_label, argument, call) => {
      const error: unknown = await call(f.sale).catch((e: unknown) => e);
      expect(isInvalidArgumentError(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe(argument);
      expect((error as InvalidArgumentError).message).toMatch(
        new RegExp(`^${argument} must be .*; got `),
      );
      expect(await snapshot()).toEqual(before);
      await expectInvariants(f.client, f.keys, 2);
    },
  );

  it('refuses null or non-object constructor options with a typed error', () => {
    for (const options of [null, 'sale', 42, []]) {
      let caught: unknown;
      try {
        new FlashSale(loose(options));
      } catch (error) {
        caught = error;
      }
      expect(isInvalidArgumentError(caught)).toBe(true);
      expect((caught as InvalidArgumentError).argument).toBe('options');
    }
  });

  it('refuses a bad sale id or key prefix in the constructor', () => {
    for (const [saleId, keyPrefix, argument] of [
      ['a{b}', 'p:', 'saleId'],
      ['', 'p:', 'saleId'],
      ['a:b', 'p:', 'saleId'],
      ['ok', 'p{x}:', 'keyPrefix'],
      ['ok', 'p x', 'keyPrefix'],
    ] as const) {
      let caught: unknown;
      try {
        new FlashSale({ redis: f.client, saleId, keyPrefix });
      } catch (error) {
        caught = error;
      }
      expect((caught as InvalidArgumentError | undefined)?.argument).toBe(argument);
    }
  });
});
