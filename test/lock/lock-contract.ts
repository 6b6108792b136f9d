/**
 * The behaviour every {@link Locker} must show, run against the single-instance
 * lock on each backend and against the Redlock variant. Timings are short but no
 * assertion depends on how fast anything ran.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import {
  isLockLostError,
  isLockNotAcquiredError,
  type AcquireResult,
  type HeldLock,
  type Locker,
  type LockOptions,
} from '../../src/index.js';

/** One test's lockers, sharing a private key prefix. */
export interface LockFixture {
  /** A locker on the fixture's prefix; `options` override the defaults. */
  readonly locker: (options?: LockOptions) => Locker;
  /** Deletes the lock key behind its holder's back, as a lost lock looks to it. */
  readonly steal: (key: string) => Promise<void>;
  readonly close: () => Promise<void>;
}

/** The held lock of a result that must be acquired. */
export function held(result: AcquireResult): HeldLock {
  if (!result.acquired) throw new Error(`expected the lock, got ${JSON.stringify(result)}`);
  return result.lock;
}

/** Resolves when `signal` aborts. */
export async function aborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return signal.reason;
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => {
      resolve(signal.reason);
    });
  });
}

/** Registers the contract tests; `makeFixture` runs before each. */
export function lockContract(makeFixture: () => Promise<LockFixture>): void {
  let fixture: LockFixture;
  beforeEach(async () => {
    fixture = await makeFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  it('lets one holder at a time have a key, and the next one after release', async () => {
    const locks = fixture.locker();
    const first = held(await locks.tryAcquire('k'));
    expect(await locks.tryAcquire('k')).toEqual({ acquired: false, reason: 'held', attempts: 1 });
    expect((await locks.tryAcquire('other')).acquired).toBe(true);
    expect(first.remainingMs()).toBeGreaterThan(0);
    expect(await first.release()).toEqual({ released: true });
    expect((await locks.tryAcquire('k')).acquired).toBe(true);
  });

  it('frees an unreleased lock at expiry; the old holder was told first and its late release deletes nothing', async () => {
    const locks = fixture.locker({ ttlMs: 200, retryDelayMs: 5, maxRetryDelayMs: 20 });
    const old = held(await locks.tryAcquire('k'));
    const next = held(await locks.acquire('k', { waitMs: 5_000 }));
    // The drift allowance makes local validity end before Redis lets the key go.
    expect(old.remainingMs()).toBeLessThanOrEqual(0);
    expect(await old.release()).toEqual({ released: false, reason: 'not-held' });
    expect(await old.extend()).toEqual({ extended: false, reason: 'released' });
    expect((await locks.tryAcquire('k')).acquired).toBe(false);
    expect(await next.release()).toEqual({ released: true });
  });

  it('refuses to extend a lock whose validity ran out', async () => {
    const locks = fixture.locker({ ttlMs: 100 });
    const lock = held(await locks.tryAcquire('k'));
    await sleep(150);
    expect(await lock.extend()).toEqual({ extended: false, reason: 'expired' });
  });

  it('extend keeps the lock past its first ttl', async () => {
    const locks = fixture.locker({ ttlMs: 300 });
    const lock = held(await locks.tryAcquire('k'));
    const extended = await lock.extend(5_000);
    expect(extended.extended).toBe(true);
    await sleep(500);
    expect(await locks.tryAcquire('k')).toMatchObject({ acquired: false, reason: 'held' });
    expect(lock.remainingMs()).toBeGreaterThan(0);
    expect(await lock.release()).toEqual({ released: true });
  });

  it('extend and release report a lock taken away, and a lock already released', async () => {
    const locks = fixture.locker();
    const stolen = held(await locks.tryAcquire('k'));
    await fixture.steal('k');
    expect(await stolen.extend()).toEqual({ extended: false, reason: 'not-held' });
    expect(await stolen.release()).toEqual({ released: false, reason: 'not-held' });
    const mine = held(await locks.tryAcquire('k'));
    expect(await mine.release()).toEqual({ released: true });
    expect(await mine.release()).toEqual({ released: false, reason: 'released' });
    expect(await mine.extend()).toEqual({ extended: false, reason: 'released' });
  });

  it('issues strictly increasing fencing tokens across holders, released or expired', async () => {
    const locks = fixture.locker({ ttlMs: 150, retryDelayMs: 5, maxRetryDelayMs: 20 });
    const fences: number[] = [];
    for (let round = 0; round < 6; round++) {
      const lock = held(await locks.acquire('k', { waitMs: 5_000 }));
      fences.push(lock.fence);
      if (round % 2 === 0) await lock.release(); // odd rounds let the lock expire
    }
    for (const fence of fences) expect(Number.isSafeInteger(fence)).toBe(true);
    for (let index = 1; index < fences.length; index++) {
      expect(fences[index]).toBeGreaterThan(fences[index - 1] ?? Infinity);
    }
  });

  it('acquire waits until the holder releases', async () => {
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    const first = held(await locks.tryAcquire('k'));
    const waiting = locks.acquire('k', { waitMs: 10_000 });
    await sleep(100);
    await first.release();
    const second = await waiting;
    expect(second.acquired).toBe(true);
    expect(second.attempts).toBeGreaterThan(1);
    expect(held(second).fence).toBeGreaterThan(first.fence);
  });

  it('acquire gives up once waitMs has passed and reports why', async () => {
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    held(await locks.tryAcquire('k'));
    const result = await locks.acquire('k', { waitMs: 150 });
    expect(result).toMatchObject({ acquired: false, reason: 'held' });
    expect(result.attempts).toBeGreaterThan(1);
  });

  it('acquire rejects with the signal reason when aborted, having taken nothing', async () => {
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    const first = held(await locks.tryAcquire('k'));
    const controller = new AbortController();
    const stop = new Error('caller gave up');
    const waiting = locks.acquire('k', { waitMs: 10_000, signal: controller.signal });
    await sleep(50);
    controller.abort(stop);
    await expect(waiting).rejects.toBe(stop);
    await expect(locks.acquire('k', { signal: controller.signal })).rejects.toBe(stop);
    await first.release();
    expect((await locks.tryAcquire('k')).acquired).toBe(true);
  });

  it('withLock runs fn under the lock, returns its value and releases', async () => {
    const locks = fixture.locker();
    const fence = await locks.withLock('k', async (signal, lock) => {
      expect(signal.aborted).toBe(false);
      expect((await locks.tryAcquire('k')).acquired).toBe(false);
      return lock.fence;
    });
    expect(Number.isSafeInteger(fence)).toBe(true);
    expect((await locks.tryAcquire('k')).acquired).toBe(true);
  });

  it('withLock rejects with LockNotAcquiredError, without running fn, when the lock cannot be had', async () => {
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    held(await locks.tryAcquire('k'));
    const fn = vi.fn(() => 'ran');
    const error: unknown = await locks.withLock('k', fn, { waitMs: 100 }).catch((e: unknown) => e);
    expect(isLockNotAcquiredError(error)).toBe(true);
    expect(error).toMatchObject({ key: 'k', reason: 'held', code: 'LOCK_NOT_ACQUIRED' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('withLock keeps extending the lock while fn runs past the ttl', async () => {
    const locks = fixture.locker({ ttlMs: 300 });
    const outcome = await locks.withLock('k', async (signal) => {
      await sleep(1_000);
      return { aborted: signal.aborted, contender: await locks.tryAcquire('k') };
    });
    expect(outcome.aborted).toBe(false);
    expect(outcome.contender).toMatchObject({ acquired: false, reason: 'held' });
    expect((await locks.tryAcquire('k')).acquired).toBe(true);
  });

  it('withLock releases when fn throws, and rethrows its error', async () => {
    const locks = fixture.locker();
    const failure = new Error('order write failed');
    await expect(
      locks.withLock('k', () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await locks.tryAcquire('k')).acquired).toBe(true);
  });

  it('withLock aborts fn the moment the lock is lost, then rejects with LockLostError', async () => {
    const locks = fixture.locker({ ttlMs: 300 });
    let seen: unknown;
    const error: unknown = await locks
      .withLock('k', async (signal) => {
        await fixture.steal('k');
        seen = await aborted(signal);
        return 'finished anyway';
      })
      .catch((e: unknown) => e);
    expect(isLockLostError(seen)).toBe(true);
    expect(seen).toMatchObject({ key: 'k', reason: 'not-held' });
    expect(error).toBe(seen);
  }, 10_000);

  it("withLock forwards the caller's abort to fn's signal", async () => {
    const locks = fixture.locker();
    const controller = new AbortController();
    const stop = new Error('shutting down');
    const result = await locks.withLock(
      'k',
      async (signal) => {
        controller.abort(stop);
        return aborted(signal);
      },
      { signal: controller.signal },
    );
    expect(result).toBe(stop);
    expect((await locks.tryAcquire('k')).acquired).toBe(true);
  }, 10_000);
}
