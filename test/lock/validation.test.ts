import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInvalidArgumentError, isRedisUnavailableError } from '../../src/index.js';
import {
  RedisLock,
  type Locker,
  type LockOptions,
  type RedisLockOptions,
} from '../../src/lock/index.js';
import { mockClient, uniquePrefix, unreachableClient } from '../harness/clients.js';
import { held } from './lock-contract.js';

/** Runs `call` and returns the InvalidArgumentError it must throw or reject with. */
async function invalid(
  call: () => unknown,
): Promise<{ argument: string; message: string; value: unknown }> {
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  if (!isInvalidArgumentError(caught))
    throw new Error(`expected InvalidArgumentError, got ${String(caught)}`);
  return caught;
}

const client = mockClient();
const locks: Locker = new RedisLock({ redis: client, keyPrefix: uniquePrefix('lock-validation') });

describe('RedisLock is made from one options object, checked at construction', () => {
  const cases: [string, LockOptions, string][] = [
    ['ttlMs', { ttlMs: 0 }, '0 (number)'],
    ['ttlMs', { ttlMs: -5 }, '-5 (number)'],
    ['ttlMs', { ttlMs: Number.NaN }, 'NaN (number)'],
    ['ttlMs', { ttlMs: 1.5 }, '1.5 (number)'],
    ['ttlMs', { ttlMs: Infinity }, 'Infinity (number)'],
    ['ttlMs', { ttlMs: '100' as unknown as number }, '"100"'],
    ['ttlMs', { ttlMs: 12 }, '12 (number)'],
    ['ttlMs', { ttlMs: null as unknown as number }, 'null'],
    ['waitMs', { waitMs: -1 }, '-1 (number)'],
    ['retryDelayMs', { retryDelayMs: 0 }, '0 (number)'],
    ['maxRetryDelayMs', { retryDelayMs: 100, maxRetryDelayMs: 50 }, '50 (number)'],
    ['driftFactor', { driftFactor: -0.1 }, '-0.1 (number)'],
    ['driftFactor', { driftFactor: 0.5 }, '0.5 (number)'],
    ['driftFactor', { driftFactor: Number.NaN }, 'NaN (number)'],
    ['minValidityMs', { minValidityMs: -1 }, '-1 (number)'],
    ['commandTimeoutMs', { commandTimeoutMs: 0 }, '0 (number)'],
    ['commandTimeoutMs', { commandTimeoutMs: null as unknown as number }, 'null'],
    ['keyPrefix', { keyPrefix: 5 as unknown as string }, '5 (number)'],
    ['keyPrefix', { keyPrefix: null as unknown as string }, 'null'],
  ];
  it.each(cases)('rejects a bad %s (%o)', async (argument, options, quoted) => {
    const error = await invalid(() => new RedisLock({ redis: client, ...options }));
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(quoted);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a client in place of the options', client],
    ['an array', []],
    ['a string', 'redis://localhost'],
  ])('rejects %s as the options argument', async (_name, options) => {
    const error = await invalid(() => new RedisLock(options as unknown as RedisLockOptions));
    expect(error.argument).toBe('options');
    expect(error.message).toContain('an options object of RedisLock');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['a plain object', {}],
    ['an array', []],
    ['a string', 'localhost:6379'],
  ])('rejects a redis client that is %s', async (_name, redis) => {
    const error = await invalid(() => new RedisLock({ redis } as unknown as RedisLockOptions));
    expect(error.argument).toBe('redis');
    expect(error.value).toBe(redis);
  });

  it('rejects an unknown option, naming it and the one it was probably meant to be', async () => {
    const options = { redis: client, ttlMS: 5_000 } as unknown as RedisLockOptions;
    const error = await invalid(() => new RedisLock(options));
    expect(error.argument).toBe('ttlMS');
    expect(error.message).toContain('RedisLock has no option "ttlMS" (did you mean ttlMs?)');
  });

  it('treats undefined options as their defaults', () => {
    expect(
      () => new RedisLock({ redis: client, ttlMs: undefined } as unknown as RedisLockOptions),
    ).not.toThrow();
  });
});

describe('lock calls check their arguments before touching Redis', () => {
  // Every command on this client fails, so a check made after a Redis call would
  // surface as RedisUnavailableError instead of InvalidArgumentError.
  let unreachable: Redis;
  let offline: Locker;
  beforeAll(async () => {
    unreachable = await unreachableClient();
    offline = new RedisLock({ redis: unreachable, keyPrefix: uniquePrefix('lock-offline') });
  });
  afterAll(() => {
    unreachable.disconnect();
  });

  it('the client these checks run on cannot reach Redis', async () => {
    const error: unknown = await offline.tryAcquire('k').catch((e: unknown) => e);
    expect(isRedisUnavailableError(error)).toBe(true);
  });

  const badKeys: [unknown, string][] = [
    ['', '""'],
    [undefined, 'undefined'],
    [42, '42 (number)'],
    ['}x', '"}x"'],
  ];
  it.each(badKeys)('tryAcquire, acquire and withLock reject key %o', async (key, quoted) => {
    for (const call of [
      () => offline.tryAcquire(key as string),
      () => offline.acquire(key as string),
      () => offline.withLock(key as string, () => 1),
    ]) {
      const error = await invalid(call);
      expect(error.argument).toBe('key');
      expect(error.message).toContain(quoted);
    }
  });

  it.each<unknown>([0, -1, Number.NaN, 2.5, 2 ** 31, null])('rejects ttlMs %o', async (ttlMs) => {
    for (const call of [
      () => offline.tryAcquire('k', { ttlMs: ttlMs as number }),
      () => offline.acquire('k', { ttlMs: ttlMs as number }),
      () => offline.withLock('k', () => 1, { ttlMs: ttlMs as number }),
    ]) {
      const error = await invalid(call);
      expect(error.argument).toBe('ttlMs');
      expect(error.message).toContain(String(ttlMs));
    }
  });

  it.each<unknown>([-1, Number.NaN, 0.5, null])('rejects waitMs %o', async (waitMs) => {
    const error = await invalid(() => offline.acquire('k', { waitMs: waitMs as number }));
    expect(error.argument).toBe('waitMs');
    expect(error.message).toContain(String(waitMs));
  });

  it.each(['stop', null, {}])('rejects a signal %o that is not an AbortSignal', async (signal) => {
    const error = await invalid(() =>
      offline.acquire('k', { signal: signal as unknown as AbortSignal }),
    );
    expect(error).toMatchObject({ argument: 'signal' });
  });

  it('rejects a withLock fn that is not a function', async () => {
    const error = await invalid(() => offline.withLock('k', 'work' as unknown as () => number));
    expect(error).toMatchObject({ argument: 'fn' });
  });

  it.each([0, 1.5, 10_000])('rejects extendIntervalMs %o for a 1000 ms ttl', async (interval) => {
    const error = await invalid(() =>
      offline.withLock('k', () => 1, { ttlMs: 1_000, extendIntervalMs: interval }),
    );
    expect(error.argument).toBe('extendIntervalMs');
    expect(error.message).toContain(String(interval));
  });

  it.each([7, null, 'fast', []])('rejects call options %o that are not an object', async (bad) => {
    for (const call of [
      () => offline.tryAcquire('k', bad as object),
      () => offline.acquire('k', bad as object),
      () => offline.withLock('k', () => 1, bad as object),
    ]) {
      expect((await invalid(call)).argument).toBe('options');
    }
  });

  it('rejects a call option the call does not have, naming it', async () => {
    // waitMs belongs to acquire; tryAcquire makes exactly one attempt
    const error = await invalid(() => offline.tryAcquire('k', { waitMs: 5 } as object));
    expect(error.argument).toBe('waitMs');
    expect(error.message).toContain('tryAcquire has no option "waitMs"');
    const typo = await invalid(() => offline.acquire('k', { waitMS: 5 } as object));
    expect(typo.message).toContain('did you mean waitMs?');
  });

  it('HeldLock.extend rejects a bad ttlMs', async () => {
    const lock = held(await locks.tryAcquire('extend-check'));
    const error = await invalid(() => lock.extend(-3));
    expect(error).toMatchObject({ argument: 'ttlMs' });
    expect(error.message).toContain('-3 (number)');
    await lock.release();
  });
});
