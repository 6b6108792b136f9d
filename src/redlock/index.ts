/**
 * Multi-instance locking (Redlock) over independent Redis servers, built on the
 * optional `redlock` peer dependency (`npm install redlock@4`). Import from
 * `flash-sale/redlock`; the options, results and errors are those of
 * `flash-sale/lock` (`LockOptions`, `AcquireResult`, `LockNotAcquiredError`, …).
 * @module
 */

export { MultiRedisLock } from './multi-redis-lock.js';
export type { MultiRedisLockOptions } from './multi-redis-lock-options.js';
