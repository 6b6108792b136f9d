import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isInvalidArgumentError, isRedisUnavailableError } from '../../src/index.js';
import { MultiRedisLock } from '../../src/redlock/index.js';
import { uniquePrefix } from '../harness/clients.js';
import { held, lockContract } from '../lock/lock-contract.js';
import { waitFor } from '../lock/wait-for.js';
import { startRedlockServers, type RedlockServers } from './redlock-servers.js';

describe('MultiRedisLock contract on 3 servers', () => {
  let redlock: RedlockServers;
  beforeAll(async () => {
    redlock = await startRedlockServers();
  });
  afterAll(async () => {
    await redlock.stop();
  });

  lockContract(async () => {
    const keyPrefix = uniquePrefix('redlock');
    return Promise.resolve({
      locker: (options) => new MultiRedisLock({ ...options, servers: redlock.clients, keyPrefix }),
      steal: async (key) => {
        await Promise.all(redlock.clients.map(async (c) => c.del(`${keyPrefix}{${key}}`)));
      },
      pttl: async (key) =>
        Promise.all(redlock.clients.map(async (c) => c.pttl(`${keyPrefix}{${key}}`))),
      close: async () => Promise.resolve(),
    });
  });

  it('keeps concurrent in-process contenders mutually exclusive', async () => {
    const keyPrefix = uniquePrefix('redlock-counter');
    const locks = new MultiRedisLock({
      servers: redlock.clients,
      keyPrefix,
      retryDelayMs: 2,
      maxRetryDelayMs: 20,
    });
    let counter = 0;
    let inside = 0;
    let overlaps = 0;
    const contender = async (): Promise<void> => {
      for (let round = 0; round < 8; round++) {
        await locks.withLock('counter', async () => {
          inside++;
          if (inside > 1) overlaps++;
          const seen = counter;
          await sleep(2);
          counter = seen + 1;
          inside--;
        });
      }
    };
    await Promise.all(Array.from({ length: 4 }, contender));
    expect(overlaps).toBe(0);
    expect(counter).toBe(32);
  });
});

describe('MultiRedisLock with servers failing', () => {
  let redlock: RedlockServers;
  const keyPrefix = uniquePrefix('redlock-fail');
  beforeAll(async () => {
    redlock = await startRedlockServers();
  });
  afterAll(async () => {
    await redlock.stop();
  });

  it('fences stay increasing when the next quorum misses the server with the highest counter', async () => {
    const locks = new MultiRedisLock({ servers: redlock.clients, keyPrefix });
    const [first] = redlock.clients;
    if (first === undefined) throw new Error('no client');
    // Push one server's counter far ahead of the others (and of the clock floor).
    const ahead = 9_000_000_000_000_000;
    await first.set(`${keyPrefix}{k}:fence`, String(ahead));
    const before = held(await locks.tryAcquire('k'));
    expect(before.fence).toBeGreaterThan(ahead);
    await before.release();
    // Without that server, only the raise (phase 2) carried the high value over.
    await redlock.servers[0]?.kill();
    const after = held(await locks.tryAcquire('k'));
    expect(after.fence).toBeGreaterThan(before.fence);
    await after.release();
  });

  it('works with one of three servers killed', async () => {
    const ttlMs = 2_000;
    const locks = new MultiRedisLock({ servers: redlock.clients, keyPrefix, ttlMs });
    const lock = held(await locks.tryAcquire('one-down'));
    expect(await locks.tryAcquire('one-down')).toMatchObject({ acquired: false, reason: 'held' });
    expect((await lock.extend()).extended).toBe(true);
    expect(await lock.release()).toEqual({ released: true });
    const outcome = await locks.withLock(
      'one-down',
      async (signal, held) => {
        // past the first ttl: extensions must have reached the two live servers
        const pastFirstTtl = performance.now() + ttlMs;
        await waitFor(
          'the first ttl to pass',
          () => signal.aborted || performance.now() > pastFirstTtl,
        );
        return { aborted: signal.aborted, remainingMs: held.remainingMs() };
      },
      { extendIntervalMs: 200 },
    );
    expect(outcome.aborted).toBe(false);
    expect(outcome.remainingMs).toBeGreaterThan(0);
  });

  it('fails cleanly with RedisUnavailableError when two of three servers are down', async () => {
    await redlock.servers[1]?.kill();
    const locks = new MultiRedisLock({ servers: redlock.clients, keyPrefix, retryDelayMs: 5 });
    const attempt: unknown = await locks.tryAcquire('two-down').catch((e: unknown) => e);
    expect(isRedisUnavailableError(attempt)).toBe(true);
    expect((attempt as Error).message).toContain('2 of 3 Redis servers failed');
    const fn = vi.fn();
    const guarded: unknown = await locks.withLock('two-down', fn).catch((e: unknown) => e);
    expect(isRedisUnavailableError(guarded)).toBe(true);
    expect(fn).not.toHaveBeenCalled();
    // Nothing half-taken is left behind on the surviving server.
    expect(await redlock.clients[2]?.get(`${keyPrefix}{two-down}`)).toBeNull();
  });
});

describe('MultiRedisLock arguments', () => {
  /** The InvalidArgumentError `make` throws. */
  function invalid(make: () => unknown): { argument: string; message: string } {
    try {
      make();
    } catch (error) {
      if (isInvalidArgumentError(error)) return error;
      throw error;
    }
    throw new Error('expected InvalidArgumentError, nothing was thrown');
  }

  it.each([
    ['missing', undefined, 'servers', 'given'],
    ['empty', [], 'servers', 'a non-empty array'],
    ['a string', 'redis', 'servers', 'a non-empty array'],
    ['null', null, 'servers', 'a non-empty array'],
    ['holding a plain object', [{}], 'servers[0]', 'an ioredis client'],
    ['holding null', [null], 'servers[0]', 'an ioredis client'],
  ])('rejects servers %s', (_name, servers, argument, expectation) => {
    const error = invalid(() => new MultiRedisLock({ servers } as never));
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(expectation);
  });

  it.each([null, undefined, [], 'redis'])('rejects options %o that are not an object', (bad) => {
    expect(invalid(() => new MultiRedisLock(bad as never)).argument).toBe('options');
  });

  it('rejects the same client twice, unknown and bad options like RedisLock does', async () => {
    const redlock = await startRedlockServers(1);
    try {
      const [client] = redlock.clients;
      if (client === undefined) throw new Error('no client');
      expect(invalid(() => new MultiRedisLock({ servers: [client, client] })).message).toContain(
        'distinct clients',
      );
      expect(
        invalid(() => new MultiRedisLock({ servers: [client], ttlMs: Number.NaN })),
      ).toMatchObject({
        argument: 'ttlMs',
      });
      expect(
        invalid(() => new MultiRedisLock({ servers: [client], clients: [client] } as never)),
      ).toMatchObject({ argument: 'clients' });
      const locks = new MultiRedisLock({ servers: [client] });
      await expect(locks.tryAcquire('')).rejects.toMatchObject({ argument: 'key' });
      await expect(locks.acquire('k', { waitMs: -1 })).rejects.toMatchObject({
        argument: 'waitMs',
      });
    } finally {
      await redlock.stop();
    }
  });
});
