import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isInvalidArgumentError,
  isRedisUnavailableError,
  RedisLock,
  type Locker,
  type LockOptions,
} from '../../src/index.js';
import { mockClient, uniquePrefix, unreachableClient } from '../harness/clients.js';
import { held } from './lock-contract.js';

/** Runs `call` and returns the InvalidArgumentError it must throw or reject with. */
async function invalid(call: () => unknown): Promise<{ argument: string; message: string }> {
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
const locks: Locker = new RedisLock(client, { keyPrefix: uniquePrefix('lock-validation') });

describe('RedisLock options are checked at construction', () => {
  const cases: [string, LockOptions, string][] = [
    ['ttlMs', { ttlMs: 0 }, '0 (number)'],
    ['ttlMs', { ttlMs: -5 }, '-5 (number)'],
    ['ttlMs', { ttlMs: Number.NaN }, 'NaN (number)'],
    ['ttlMs', { ttlMs: 1.5 }, '1.5 (number)'],
    ['ttlMs', { ttlMs: Infinity }, 'Infinity (number)'],
    ['ttlMs', { ttlMs: '100' as unknown as number }, '"100"'],
    ['ttlMs', { ttlMs: 12 }, '12 (number)'],
    ['waitMs', { waitMs: -1 }, '-1 (number)'],
    ['retryDelayMs', { retryDelayMs: 0 }, '0 (number)'],
    ['maxRetryDelayMs', { retryDelayMs: 100, maxRetryDelayMs: 50 }, '50 (number)'],
    ['driftFactor', { driftFactor: -0.1 }, '-0.1 (number)'],
    ['driftFactor', { driftFactor: 0.5 }, '0.5 (number)'],
    ['driftFactor', { driftFactor: Number.NaN }, 'NaN (number)'],
    ['minValidityMs', { minValidityMs: -1 }, '-1 (number)'],
    ['commandTimeoutMs', { commandTimeoutMs: 0 }, '0 (number)'],
    ['keyPrefix', { keyPrefix: 5 as unknown as string }, '5 (number)'],
  ];
  it.each(cases)('rejects a bad %s (%o)', async (argument, options, quoted) => {
    const error = await invalid(() => new RedisLock(client, options));
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(quoted);
  });

  it('rejects a non-object options argument', async () => {
    const error = await invalid(() => new RedisLock(client, null as unknown as LockOptions));
    expect(error.argument).toBe('options');
  });

  it('treats undefined options as their defaults', () => {
    expect(
      () => new RedisLock(client, { ttlMs: undefined } as unknown as LockOptions),
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
    offline = new RedisLock(unreachable, { keyPrefix: uniquePrefix('lock-offline') });
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

  it.each([0, -1, Number.NaN, 2.5, 2 ** 31])('rejects ttlMs %o', async (ttlMs) => {
    const error = await invalid(() => offline.tryAcquire('k', { ttlMs }));
    expect(error.argument).toBe('ttlMs');
    expect(error.message).toContain(String(ttlMs));
  });

  it.each([-1, Number.NaN, 0.5])('rejects waitMs %o', async (waitMs) => {
    const error = await invalid(() => offline.acquire('k', { waitMs }));
    expect(error.argument).toBe('waitMs');
    expect(error.message).toContain(String(waitMs));
  });

  it('rejects a signal that is not an AbortSignal', async () => {
    const error = await invalid(() =>
      offline.acquire('k', { signal: 'stop' as unknown as AbortSignal }),
    );
    expect(error).toMatchObject({ argument: 'signal' });
    expect(error.message).toContain('"stop"');
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

  it('rejects non-object call options', async () => {
    const error = await invalid(() => offline.tryAcquire('k', 7 as unknown as object));
    expect(error.argument).toBe('options');
  });

  it('HeldLock.extend rejects a bad ttlMs', async () => {
    const lock = held(await locks.tryAcquire('extend-check'));
    const error = await invalid(() => lock.extend(-3));
    expect(error).toMatchObject({ argument: 'ttlMs' });
    expect(error.message).toContain('-3 (number)');
    await lock.release();
  });
});
