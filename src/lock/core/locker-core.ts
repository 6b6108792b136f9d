import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { lockKeys } from '../keys/lock-keys.js';
import type {
  AcquireOptions,
  TryAcquireOptions,
  WithLockOptions,
} from '../options/lock-options.js';
import { checkTtl, type ResolvedLockOptions } from '../options/resolve-lock-options.js';
import { checkKey, checkMs, checkSignal } from '../options/validate.js';
import { acquireLoop, type AcquireCall } from './acquire-loop.js';
import type { LockBackend } from './lock-backend.js';
import type { LockedFunction, Locker } from './locker.js';
import type { AcquireResult } from './results.js';
import { resolveExtendInterval, withLock } from './with-lock.js';
import { checkOptionsObject } from '../../validate/options-object.js';

/**
 * {@link Locker} over any {@link LockBackend}: argument checks, validity, waiting
 * and `withLock` live here once for both lock variants.
 * @internal
 */
export class LockerCore implements Locker {
  constructor(
    private readonly backend: LockBackend,
    private readonly options: ResolvedLockOptions,
  ) {}

  async tryAcquire(key: string, options: TryAcquireOptions = {}): Promise<AcquireResult> {
    const call = { ...this.resolve(key, options), waitMs: 0, signal: undefined };
    return acquireLoop(this.backend, call, this.options, 'tryAcquire');
  }

  async acquire(key: string, options: AcquireOptions = {}): Promise<AcquireResult> {
    return acquireLoop(this.backend, this.resolve(key, options), this.options, 'acquire');
  }

  async withLock<T>(key: string, fn: LockedFunction<T>, options: WithLockOptions = {}): Promise<T> {
    const call = this.resolve(key, options);
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', fn, 'a function');
    const intervalMs = resolveExtendInterval(options.extendIntervalMs, call.ttlMs, this.options);
    return withLock(this.backend, call, intervalMs, fn, this.options);
  }

  private resolve(key: unknown, options: unknown): AcquireCall {
    checkOptionsObject(options, { optional: false });
    const given = options as AcquireOptions;
    const name = checkKey(key);
    return {
      keys: lockKeys(this.options.keyPrefix, name),
      ttlMs: checkTtl(given.ttlMs ?? this.options.ttlMs, this.options),
      waitMs: checkMs('waitMs', given.waitMs ?? this.options.waitMs, 0),
      signal: checkSignal(given.signal),
    };
  }
}
