/**
 * The shared core (validity, waiting, keep-alive) against a scripted in-memory
 * backend, for the cases a real server cannot produce on demand: a slow reply,
 * an extension that fails or never answers, an abort while a request is in flight.
 * Timers and the monotonic clock are fake, so every count and every instant is exact
 * however loaded the machine is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RedisUnavailableError } from '../../src/shared/errors/redis-errors.js';
import { isLockLostError } from '../../src/lock/index.js';
import { fullJitterMs } from '../../src/shared/timing/abortable-sleep.js';
import type { LockBackend, Taken } from '../../src/lock/core/lock-backend.js';
import { LockerCore } from '../../src/lock/core/locker-core.js';
import { LOCK_SPEC } from '../../src/lock/options/lock-spec.js';
import type { LockOptions } from '../../src/lock/options/lock-options.js';
import { resolveOptions } from '../../src/shared/options/resolve-options.js';
import { aborted, held } from './lock-contract.js';

/** Resolves after `ms` on the (fake) timers. */
async function after(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A backend that answers after `takeDelayMs`, granting the lock unless
 * `heldByOther`, and counts every call.
 */
class FakeBackend implements LockBackend {
  takeDelayMs = 0;
  heldByOther = false;
  extendWith: () => Promise<boolean> = () => Promise.resolve(true);
  takes = 0;
  extensions = 0;
  readonly released: string[] = [];
  private issued = 0;

  async take(): Promise<Taken | undefined> {
    this.takes++;
    if (this.takeDelayMs > 0) await after(this.takeDelayMs);
    if (this.heldByOther) return undefined;
    this.issued++;
    return { token: `t${String(this.issued)}`, fence: this.issued };
  }
  async extend(): Promise<boolean> {
    this.extensions++;
    return this.extendWith();
  }
  async release(_keys: unknown, token: string): Promise<boolean> {
    this.released.push(token);
    return Promise.resolve(true);
  }
}

function core(backend: FakeBackend, options: LockOptions = {}): LockerCore {
  return new LockerCore(backend, resolveOptions(LOCK_SPEC, options));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('validity on the monotonic clock', () => {
  it('gives back a lock that arrives with less than minValidityMs left', async () => {
    const backend = new FakeBackend();
    backend.takeDelayMs = 60; // ttl 100 − drift 3 − 60 elapsed leaves 37 < 50
    const pending = core(backend, { ttlMs: 100, minValidityMs: 50 }).tryAcquire('k');
    await vi.advanceTimersByTimeAsync(60);
    expect(await pending).toEqual({
      acquired: false,
      reason: 'insufficient-validity',
      attempts: 1,
    });
    expect(backend.released).toEqual(['t1']);
  });

  it('keeps a lock that arrives in time, with the drift allowance already deducted', async () => {
    const backend = new FakeBackend();
    backend.takeDelayMs = 40;
    const pending = core(backend, { ttlMs: 1_000, driftFactor: 0.1 }).tryAcquire('k');
    await vi.advanceTimersByTimeAsync(40);
    const lock = held(await pending);
    // 1000 − drift (100 + 2) − the 40 ms the round trip took
    expect(lock.remainingMs()).toBe(858);
    expect(backend.released).toEqual([]);
  });
});

describe('acquire', () => {
  it('retries with backoff until waitMs has passed, never beyond, and reports why', async () => {
    const backend = new FakeBackend();
    backend.heldByOther = true;
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const startedAt = performance.now();
    const pending = core(backend, { retryDelayMs: 50, maxRetryDelayMs: 1_000 }).acquire('k', {
      waitMs: 150,
    });
    await vi.runAllTimersAsync();
    // attempts at 0, 25 (sleep ½·50), 75 (½·100), then the sleep is cut to the
    // 75 ms left and a last attempt is made at the deadline, 150
    expect(await pending).toEqual({ acquired: false, reason: 'held', attempts: 4 });
    expect(backend.takes).toBe(4);
    expect(performance.now() - startedAt).toBe(150);
  });

  it('takes the lock on the first attempt after the holder lets go', async () => {
    const backend = new FakeBackend();
    backend.heldByOther = true;
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const pending = core(backend, { retryDelayMs: 50 }).acquire('k', { waitMs: 10_000 });
    await vi.advanceTimersByTimeAsync(30); // attempts at 0 and 25
    backend.heldByOther = false;
    await vi.runAllTimersAsync(); // the next attempt, at 75, succeeds
    expect(await pending).toMatchObject({ acquired: true, attempts: 3 });
    expect(performance.now()).toBe(75);
  });

  it('releases a lock granted after the caller aborted, and rejects with the reason', async () => {
    const backend = new FakeBackend();
    backend.takeDelayMs = 50;
    const controller = new AbortController();
    const pending = core(backend).acquire('k', { signal: controller.signal });
    const settled = pending.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort('stop'); // while the attempt is in flight
    await vi.advanceTimersByTimeAsync(40);
    expect(await settled).toBe('stop');
    expect(backend.takes).toBe(1);
    expect(backend.released).toEqual(['t1']);
  });

  it('full jitter stays within [0, min(cap, base × 2^(n−1)))', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    expect(fullJitterMs(1, 50, 1_000)).toBe(49);
    expect(fullJitterMs(3, 50, 1_000)).toBe(199);
    expect(fullJitterMs(10, 50, 1_000)).toBe(999);
    expect(fullJitterMs(1_000, 50, 1_000)).toBe(999);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    expect(fullJitterMs(5, 50, 1_000)).toBe(0);
  });
});

describe('withLock abort forwarding', () => {
  it("forwards a caller's abort that lands after acquisition, before the forwarder is attached", async () => {
    const backend = new FakeBackend();
    const controller = new AbortController();
    const { signal } = controller;
    const attach = signal.addEventListener.bind(signal);
    // The first listener on the signal is withLock's forwarder (no backoff sleep here):
    // abort just before it is attached, as another task could between the two.
    vi.spyOn(signal, 'addEventListener').mockImplementation((...args) => {
      controller.abort('late');
      attach(...args);
    });
    const seen = await core(backend).withLock('k', (fnSignal) => fnSignal.reason as unknown, {
      signal,
    });
    expect(seen).toBe('late');
    expect(backend.released).toEqual(['t1']);
  });
});

describe('withLock keep-alive', () => {
  it('aborts fn when an extension fails with an error, and names the cause', async () => {
    const backend = new FakeBackend();
    const failure = new RedisUnavailableError('extend', new Error('ECONNREFUSED'));
    backend.extendWith = () => Promise.reject(failure);
    let reason: unknown;
    const pending = core(backend, { ttlMs: 300 })
      .withLock('k', async (signal) => {
        reason = await aborted(signal);
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100); // the first extension is due at ttl / 3
    const error = await pending;
    expect(isLockLostError(reason)).toBe(true);
    expect(reason).toMatchObject({ reason: 'extend-failed', cause: failure });
    expect(error).toBe(reason);
    expect(backend.extensions).toBe(1);
    expect(backend.released).toEqual(['t1']);
  });

  it('aborts fn when the validity runs out while an extension hangs', async () => {
    const backend = new FakeBackend();
    backend.extendWith = () => new Promise<boolean>(() => undefined);
    let reason: unknown;
    let remainingMs = Number.NaN;
    // Assertions stay outside fn: withLock's rejection is caught here, and would
    // swallow a failed expect thrown inside fn along with it.
    const pending = core(backend, { ttlMs: 200 })
      .withLock('k', async (signal, lock) => {
        reason = await aborted(signal);
        remainingMs = lock.remainingMs();
      })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(195);
    expect(reason).toBeUndefined(); // validity is 200 − 4 (drift) = 196 ms
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(reason).toMatchObject({ name: 'LockLostError', reason: 'expired' });
    expect(remainingMs).toBe(0);
    expect(error).toBe(reason);
    expect(backend.extensions).toBe(1); // the one that never answered
    expect(backend.released).toEqual(['t1']);
  });

  it('does not abort fn while extensions succeed, however long it runs', async () => {
    const backend = new FakeBackend();
    const pending = core(backend, { ttlMs: 150 }).withLock('k', async (signal) => {
      await after(1_000); // more than six ttls
      return signal.aborted;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toBe(false);
    // one extension every ttl / 3 = 50 ms while fn ran: at 50, 100, …, 950
    expect(backend.extensions).toBe(19);
    expect(backend.released).toEqual(['t1']);
  });
});
