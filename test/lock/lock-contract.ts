/**
 * The behaviour every {@link Locker} must show, run against the single-instance
 * lock on each backend and against the Redlock variant. No outcome depends on how
 * fast anything ran: ttls a test relies on are generous (a loaded machine can stall
 * for hundreds of milliseconds), waits are for observed state, and the one test
 * that needs validity to run out moves the monotonic clock by hand.
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
  LOCK_DEFAULTS,
} from '../../src/lock/index.js';
import { waitFor } from './wait-for.js';

/** One test's lockers, sharing a private key prefix. */
export interface LockFixture {
  /** A locker on the fixture's prefix; `options` override the defaults. */
  readonly locker: (options?: LockOptions) => Locker;
  /** Deletes the lock key behind its holder's back, as a lost lock looks to it. */
  readonly steal: (key: string) => Promise<void>;
  /** The lock key's time to live on each server, in ms (`PTTL`: −2 when absent). */
  readonly pttl: (key: string) => Promise<number[]>;
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
    vi.useRealTimers();
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
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    // acquire, not tryAcquire: a round trip slower than the short ttl only retries
    const old = held(await locks.acquire('k', { ttlMs: 300, waitMs: 30_000 }));
    const next = held(await locks.acquire('k', { ttlMs: 60_000, waitMs: 30_000 }));
    // The drift allowance makes local validity end before Redis lets the key go.
    expect(old.remainingMs()).toBeLessThanOrEqual(0);
    expect(await old.release()).toEqual({ released: false, reason: 'not-held' });
    expect(await old.extend()).toEqual({ extended: false, reason: 'released' });
    expect((await locks.tryAcquire('k')).acquired).toBe(false);
    expect(await next.release()).toEqual({ released: true });
  });

  it('refuses to extend a lock whose validity ran out, without asking Redis', async () => {
    // Validity lives on performance.now(): move that clock past the ttl by hand
    // instead of hoping a short ttl runs out (and not before the lock arrives).
    vi.useFakeTimers({ toFake: ['performance'] });
    const locks = fixture.locker();
    const lock = held(await locks.tryAcquire('k'));
    expect(lock.remainingMs()).toBeGreaterThan(0);
    vi.advanceTimersByTime(LOCK_DEFAULTS.ttlMs);
    expect(lock.remainingMs()).toBeLessThanOrEqual(0);
    expect(await lock.extend()).toEqual({ extended: false, reason: 'expired' });
    // Redis still has the key (its expiry is real time): the refusal was local.
    expect(await locks.tryAcquire('k')).toMatchObject({ acquired: false, reason: 'held' });
    expect(await lock.release()).toEqual({ released: true });
  });

  it('extend keeps the lock past its first ttl', async () => {
    const locks = fixture.locker();
    const lock = held(await locks.acquire('k', { waitMs: 30_000 }));
    expect(await lock.extend(60_000)).toMatchObject({ extended: true });
    // Every server now keeps the key well past the first ttl (10 s), and so does
    // the holder's own view of it.
    const ttls = await fixture.pttl('k');
    expect(ttls.length).toBeGreaterThan(0);
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(LOCK_DEFAULTS.ttlMs);
    expect(lock.remainingMs()).toBeGreaterThan(LOCK_DEFAULTS.ttlMs);
    expect(await locks.tryAcquire('k')).toMatchObject({ acquired: false, reason: 'held' });
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
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    const fences: number[] = [];
    let expiring: HeldLock | undefined;
    for (let round = 0; round < 6; round++) {
      // odd rounds let the lock expire (short ttl), even rounds release it
      const ttlMs = round % 2 === 0 ? 60_000 : 300;
      const lock = held(await locks.acquire('k', { ttlMs, waitMs: 30_000 }));
      // the previous holder's lock really expired: it has nothing left to release
      if (expiring)
        expect(await expiring.release()).toEqual({ released: false, reason: 'not-held' });
      expiring = undefined;
      fences.push(lock.fence);
      if (round % 2 === 0) expect(await lock.release()).toEqual({ released: true });
      else expiring = lock;
    }
    expect(fences).toHaveLength(6);
    for (const fence of fences) expect(Number.isSafeInteger(fence)).toBe(true);
    for (let index = 1; index < fences.length; index++) {
      expect(fences[index]).toBeGreaterThan(fences[index - 1] ?? Infinity);
    }
  });

  it('acquire waits until the holder releases', async () => {
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    const first = held(await locks.tryAcquire('k'));
    const waiting = locks.acquire('k', { waitMs: 30_000 });
    // The waiter's first attempt was sent before this release on the same
    // connection(s), so it finds the lock held whatever the timing: the sleep only
    // lets it retry a few times first.
    await sleep(50);
    await first.release();
    const second = await waiting;
    expect(second.acquired).toBe(true);
    expect(second.attempts).toBeGreaterThan(1);
    expect(held(second).fence).toBeGreaterThan(first.fence);
  });

  it('acquire gives up once waitMs has passed and reports why', async () => {
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    held(await locks.tryAcquire('k'));
    const startedAt = performance.now();
    const result = await locks.acquire('k', { waitMs: 150 });
    // It never gives up early; how many attempts fit depends on the machine's
    // speed (test/lock/locker-core.test.ts counts them on a controlled clock).
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(150);
    expect(result).toMatchObject({ acquired: false, reason: 'held' });
    expect(result.attempts).toBeGreaterThanOrEqual(1);
  });

  it('acquire rejects with the signal reason when aborted, having taken nothing', async () => {
    const locks = fixture.locker({ retryDelayMs: 5, maxRetryDelayMs: 20 });
    const first = held(await locks.tryAcquire('k'));
    const controller = new AbortController();
    const stop = new Error('caller gave up');
    const waiting = locks.acquire('k', { waitMs: 30_000, signal: controller.signal });
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
    const ttlMs = 2_000;
    const locks = fixture.locker({ ttlMs });
    const outcome = await locks.withLock(
      'k',
      async (signal, lock) => {
        const pastFirstTtl = performance.now() + ttlMs;
        await waitFor(
          'the first ttl to pass',
          () => signal.aborted || performance.now() > pastFirstTtl,
        );
        // Validity left past the first ttl means an extension landed in time.
        return {
          aborted: signal.aborted,
          remainingMs: lock.remainingMs(),
          contender: await locks.tryAcquire('k'),
        };
      },
      // a stall only breaks this if it outlasts ttl − interval (1.8 s)
      { extendIntervalMs: 200 },
    );
    expect(outcome.aborted).toBe(false);
    expect(outcome.remainingMs).toBeGreaterThan(0);
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
    // A long ttl and frequent extensions: the refused extension, not the expiry,
    // must be what tells fn, however slow the machine.
    const locks = fixture.locker();
    let seen: unknown;
    const error: unknown = await locks
      .withLock(
        'k',
        async (signal) => {
          await fixture.steal('k');
          seen = await aborted(signal);
          return 'finished anyway';
        },
        { extendIntervalMs: 50 },
      )
      .catch((e: unknown) => e);
    expect(isLockLostError(seen)).toBe(true);
    expect(seen).toMatchObject({ key: 'k', reason: 'not-held' });
    expect(error).toBe(seen);
  });

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
  });
}
