import { DIAGNOSTIC_CHANNELS } from './channel-names.js';
import { publisher } from './publisher.js';

/**
 * What happened to a lock:
 * - `acquired`: taken (by `tryAcquire`, `acquire` or `withLock`);
 * - `extended`: its expiry was reset (by `extend`, or `withLock`'s keep-alive);
 * - `lost`: the holder learnt it no longer holds it (an extension refused or
 *   failed, or its validity ran out under `withLock`); published once per holding;
 * - `released`: deleted by its holder.
 * @group Diagnostics
 */
export type LockAction = 'acquired' | 'extended' | 'lost' | 'released';

/**
 * Published on {@link DIAGNOSTIC_CHANNELS}`.lock` by `RedisLock` and
 * `MultiRedisLock` (from `flash-sale/lock` and `flash-sale/redlock`), and so by an
 * {@link ExpirySweeper} given a lock.
 * @group Diagnostics
 */
export interface LockMessage {
  /** What happened. */
  readonly action: LockAction;
  /** The lock name, as passed to `acquire` (without the key prefix). */
  readonly key: string;
  /** The fencing token of this holding. */
  readonly fence: number;
  /**
   * For `lost`: `'expired'`, `'not-held'` or `'extend-failed'` (see `LockLostReason`
   * in `flash-sale/lock`); otherwise `null`.
   */
  readonly reason: 'expired' | 'not-held' | 'extend-failed' | null;
  /** Milliseconds of validity left (local monotonic clock) after `acquired` or `extended`; otherwise `0`. */
  readonly validityMs: number;
}

/** @internal */
export const lockChannel = publisher<LockMessage>(DIAGNOSTIC_CHANNELS.lock);
