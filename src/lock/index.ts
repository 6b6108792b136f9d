/**
 * The lock helper: a distributed lock on one Redis (`SET NX PX` with a
 * token-checked extend and release, plus a fencing token), for the jobs around a
 * sale that must not run twice at once. Import from `flash-sale/lock`; the
 * multi-server variant is `MultiRedisLock` from `flash-sale/redlock`. The errors
 * it shares with the rest of the package (`InvalidArgumentError`, the Redis
 * errors, `isFlashSaleError`) come from `flash-sale`. See docs/locks.md.
 * @module
 */

export { RedisLock } from './single/redis-lock.js';
export type { RedisLockOptions } from './single/redis-lock-options.js';
export { LockNotAcquiredError, isLockNotAcquiredError } from './errors/lock-not-acquired-error.js';
export { LockLostError, isLockLostError } from './errors/lock-lost-error.js';
export type { LockLostReason } from './errors/lock-lost-error.js';
export type { Locker, LockedFunction } from './core/locker.js';
export type {
  ExtendResult,
  HeldLock,
  LockExtended,
  LockNotExtended,
  LockNotReleased,
  LockReleased,
  ReleaseResult,
} from './core/held-lock.js';
export type {
  AcquireResult,
  LockAcquired,
  LockNotAcquired,
  NotAcquiredReason,
} from './core/results.js';
export { LOCK_DEFAULTS } from './options/lock-spec.js';
export type {
  AcquireOptions,
  LockOptions,
  TryAcquireOptions,
  WithLockOptions,
} from './options/lock-options.js';
