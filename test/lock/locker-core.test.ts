/**
 * The shared core (validity, waiting, keep-alive) against a scripted in-memory
 * backend, for the cases a real server cannot produce on demand: a slow reply,
 * an extension that fails or never answers, an abort while a request is in flight.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RedisUnavailableError } from '../../src/errors/redis-errors.js';
import { isLockLostError } from '../../src/index.js';
import { fullJitterMs } from '../../src/lock/core/abortable-sleep.js';
import type { LockBackend, Taken } from '../../src/lock/core/lock-backend.js';
import { LockerCore } from '../../src/lock/core/locker-core.js';
import { resolveLockOptions } from '../../src/lock/options/resolve-lock-options.js';
import type { LockOptions } from '../../src/lock/options/lock-options.js';
import { aborted, held } from './lock-contract.js';

/** A backend that always grants the lock, after `takeDelayMs`, and records releases. */
class FakeBackend implements LockBackend {
  takeDelayMs = 0;
  extendWith: () => Promise<boolean> = () => Promise.resolve(true);
  readonly released: string[] = [];
  private issued = 0;

  async take(): Promise<Taken> {
    await sleep(this.takeDelayMs);
    this.issued++;
    return { token: `t${this.issued}`, fence: this.issued };
  }
  async extend(): Promise<boolean> {
    return this.extendWith();
  }
  async release(_keys: unknown, token: string): Promise<boolean> {
    this.released.push(token);
    return Promise.resolve(true);
  }
}

function core(backend: FakeBackend, options: LockOptions = {}): LockerCore {
  return new LockerCore(backend, resolveLockOptions(options));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('validity on the monotonic clock', () => {
  it('gives back a lock that arrives with less than minValidityMs left', async () => {
    const backend = new FakeBackend();
    backend.takeDelayMs = 60; // ttl 100 − drift 3 − 60 elapsed leaves < 50
    const locks = core(backend, { ttlMs: 100, minValidityMs: 50 });
    expect(await locks.tryAcquire('k')).toEqual({
      acquired: false,
      reason: 'insufficient-validity',
      attempts: 1,
    });
    expect(backend.released).toEqual(['t1']);
  });

  it('keeps a lock that arrives in time, with the drift allowance already deducted', async () => {
    const backend = new FakeBackend();
    const locks = core(backend, { ttlMs: 1_000, driftFactor: 0.1 });
    const lock = held(await locks.tryAcquire('k'));
    expect(lock.remainingMs()).toBeLessThanOrEqual(1_000 - 102);
    expect(backend.released).toEqual([]);
  });
});

describe('acquire', () => {
  it('releases a lock granted after the caller aborted, and rejects with the reason', async () => {
    const backend = new FakeBackend();
    backend.takeDelayMs = 50;
    const controller = new AbortController();
    const pending = core(backend).acquire('k', { signal: controller.signal });
    await sleep(10);
    controller.abort('stop');
    await expect(pending).rejects.toBe('stop');
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
    const locks = core(backend, { ttlMs: 300 });
    let reason: unknown;
    const error: unknown = await locks
      .withLock('k', async (signal) => {
        reason = await aborted(signal);
      })
      .catch((e: unknown) => e);
    expect(isLockLostError(reason)).toBe(true);
    expect(reason).toMatchObject({ reason: 'extend-failed', cause: failure });
    expect(error).toBe(reason);
    expect(backend.released).toEqual(['t1']);
  }, 5_000);

  it('aborts fn when the validity runs out while an extension hangs', async () => {
    const backend = new FakeBackend();
    backend.extendWith = () => new Promise<boolean>(() => undefined);
    const locks = core(backend, { ttlMs: 200 });
    let reason: unknown;
    let remainingMs = Number.NaN;
    // Assertions stay outside fn: withLock's rejection is caught here, and would
    // swallow a failed expect thrown inside fn along with it.
    const error: unknown = await locks
      .withLock('k', async (signal, lock) => {
        reason = await aborted(signal);
        remainingMs = lock.remainingMs();
      })
      .catch((e: unknown) => e);
    expect(reason).toMatchObject({ name: 'LockLostError', reason: 'expired' });
    expect(remainingMs).toBeLessThanOrEqual(0);
    expect(error).toBe(reason);
    expect(backend.released).toEqual(['t1']);
  }, 5_000);

  it('does not abort fn while extensions succeed', async () => {
    const backend = new FakeBackend();
    let extensions = 0;
    backend.extendWith = () => {
      extensions++;
      return Promise.resolve(true);
    };
    const locks = core(backend, { ttlMs: 150 });
    const wasAborted = await locks.withLock('k', async (signal) => {
      await sleep(500);
      return signal.aborted;
    });
    expect(wasAborted).toBe(false);
    expect(extensions).toBeGreaterThan(1);
  });
});
