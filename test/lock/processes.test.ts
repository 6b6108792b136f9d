/**
 * The lock across real processes on the real server: contention, a holder killed
 * with SIGKILL, a holder paused (SIGSTOP) past its ttl. Holders get ttls far longer
 * than a loaded machine stalls, and the test waits for what it can observe (the
 * key's expiry being pushed back, the next acquisition) instead of for a time.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RedisLock } from '../../src/lock/index.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';
import { spawnChild } from '../harness/spawn-child.js';
import { held } from './lock-contract.js';
import { waitFor } from './wait-for.js';

const fixture = (name: string): URL => new URL(`fixtures/${name}.ts`, import.meta.url);

const port = inject('redisPort');
const client = redisClient();
afterAll(() => {
  client.disconnect();
});

async function runCounter(mode: 'lock' | 'none', workers: number, iterations: number) {
  const prefix = uniquePrefix('lock-counter');
  const children = Array.from({ length: workers }, () =>
    spawnChild(fixture('counter-worker'), [port, prefix, workers, iterations, mode]),
  );
  const codes = await Promise.all(children.map(async (child) => child.exited()));
  const counter = Number(await client.get(`${prefix}counter`));
  const fences = (await client.lrange(`${prefix}fences`, 0, -1)).map(Number);
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(...keys);
  return { codes, counter, fences };
}

describe('mutual exclusion under contention', () => {
  const workers = 4;
  const iterations = 25;

  it('N processes incrementing under withLock reach exactly N × iterations, fences strictly increasing', async () => {
    const { codes, counter, fences } = await runCounter('lock', workers, iterations);
    expect(codes).toEqual(Array(workers).fill(0));
    expect(counter).toBe(workers * iterations);
    // Pushed under the lock, so list order is acquisition order.
    expect(fences).toHaveLength(workers * iterations);
    for (let index = 1; index < fences.length; index++) {
      expect(fences[index]).toBeGreaterThan(fences[index - 1] ?? Infinity);
    }
  });

  it('the same workload without the lock loses updates (the check above can fail)', async () => {
    const { codes, counter } = await runCounter('none', workers, iterations);
    expect(codes).toEqual(Array(workers).fill(0));
    // all workers read before any writes (a barrier): each round counts once
    expect(counter).toBe(iterations);
  });
});

/** A holder's ttl: far beyond any stall, so it keeps the lock until the test acts. */
const HOLDER_TTL_MS = 2_500;
/** How often the holder extends: often, so an extension is soon observed. */
const HOLDER_EXTEND_MS = 100;

/** Resolves once the key's expiry has been pushed back (its PTTL went up): the holder extends. */
async function extensionSeen(key: string): Promise<void> {
  let lowest = Infinity;
  await waitFor(`an extension of ${key}`, async () => {
    const ttl = await client.pttl(key);
    if (ttl < 0) throw new Error(`${key} is gone (PTTL ${String(ttl)})`);
    const pushedBack = ttl > lowest;
    lowest = Math.min(lowest, ttl);
    return pushedBack;
  });
}

describe('holders that die or stall', () => {
  it('a holder killed with SIGKILL keeps its lock only until expiry', async () => {
    const keyPrefix = uniquePrefix('lock-kill');
    const locks = new RedisLock({
      redis: client,
      keyPrefix,
      retryDelayMs: 10,
      maxRetryDelayMs: 50,
    });
    const holder = spawnChild(fixture('holder'), [
      port,
      keyPrefix,
      'k',
      HOLDER_TTL_MS,
      HOLDER_EXTEND_MS,
    ]);
    const fence = Number((await holder.line('holding ')).split(' ')[1]);
    // Alive, it extends: the lock is not simply expiring on its own.
    await extensionSeen(`${keyPrefix}{k}`);
    expect(await locks.tryAcquire('k')).toMatchObject({ acquired: false, reason: 'held' });
    holder.process.kill('SIGKILL');
    expect(await holder.exited()).toBe('SIGKILL');
    // Dead, it extends no more: the lock frees at its expiry and not before.
    const next = held(await locks.acquire('k', { waitMs: 60_000 }));
    expect(next.fence).toBeGreaterThan(fence);
    await next.release();
  });

  it('a holder paused past its ttl is told on waking, and its late release leaves the next holder alone', async () => {
    const keyPrefix = uniquePrefix('lock-pause');
    const locks = new RedisLock({
      redis: client,
      keyPrefix,
      retryDelayMs: 10,
      maxRetryDelayMs: 50,
    });
    const holder = spawnChild(fixture('holder'), [
      port,
      keyPrefix,
      'k',
      HOLDER_TTL_MS,
      HOLDER_EXTEND_MS,
    ]);
    const fence = Number((await holder.line('holding ')).split(' ')[1]);
    holder.process.kill('SIGSTOP');
    // Paused, it cannot extend: the next holder gets in once the key expires.
    const next = held(await locks.acquire('k', { waitMs: 60_000 }));
    expect(next.fence).toBeGreaterThan(fence);
    holder.process.kill('SIGCONT');

    expect(await holder.line('aborted ')).toMatch(/^aborted LockLostError (expired|not-held)$/);
    expect(await holder.line('settled ')).toBe('settled LockLostError');
    expect(await holder.line('release-again ')).toBe(
      'release-again {"released":false,"reason":"released"}',
    );
    expect(await holder.exited()).toBe(0);

    // The paused holder's withLock released with its own token after waking:
    // the next holder's lock must have survived it.
    expect((await next.extend()).extended).toBe(true);
    expect(await locks.tryAcquire('k')).toMatchObject({ acquired: false, reason: 'held' });
    expect(await next.release()).toEqual({ released: true });
  }, 60_000);
});
