import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { lockKeys } from '../keys/lock-keys.js';
import { ACQUIRE_SPEC, TRY_ACQUIRE_SPEC, WITH_LOCK_SPEC } from '../options/call-options-spec.js';
import type {
  AcquireOptions,
  TryAcquireOptions,
  WithLockOptions,
} from '../options/lock-options.js';
import type { ResolvedLockOptions } from '../options/lock-spec.js';
import { checkKey } from '../options/validate.js';
import { acquireLoop } from './acquire-loop.js';
import type { LockBackend } from './lock-backend.js';
import type { LockedFunction, Locker } from './locker.js';
import type { AcquireResult } from './results.js';
import { withLock } from './with-lock.js';

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

  async tryAcquire(key: string, options?: TryAcquireOptions): Promise<AcquireResult> {
    const keys = lockKeys(this.options.keyPrefix, checkKey(key));
    const { ttlMs } = resolveOptions(TRY_ACQUIRE_SPEC, options, this.options);
    const call = { keys, ttlMs, waitMs: 0, signal: undefined };
    return acquireLoop(this.backend, call, this.options, 'tryAcquire');
  }

  async acquire(key: string, options?: AcquireOptions): Promise<AcquireResult> {
    const keys = lockKeys(this.options.keyPrefix, checkKey(key));
    const call = { keys, ...resolveOptions(ACQUIRE_SPEC, options, this.options) };
    return acquireLoop(this.backend, call, this.options, 'acquire');
  }

  async withLock<T>(key: string, fn: LockedFunction<T>, options?: WithLockOptions): Promise<T> {
    const keys = lockKeys(this.options.keyPrefix, checkKey(key));
    const { extendIntervalMs, ...given } = resolveOptions(WITH_LOCK_SPEC, options, this.options);
    if (typeof fn !== 'function') throw new InvalidArgumentError('fn', fn, 'a function');
    return withLock(this.backend, { keys, ...given }, extendIntervalMs, fn, this.options);
  }
}
