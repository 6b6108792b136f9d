import type { LockKeys } from '../keys/lock-keys.js';

/** A lock taken by one attempt. @internal */
export interface Taken {
  /** The random value the lock key holds; proves ownership to extend and release. */
  readonly token: string;
  /** The fencing token issued with it. */
  readonly fence: number;
}

/**
 * The three primitive operations a lock algorithm provides; everything above them
 * (validity, waiting, withLock) is shared by the single-instance and Redlock
 * variants. Each rejects with the library's typed Redis errors when Redis fails.
 * @internal
 */
export interface LockBackend {
  /** One attempt: the lock and its fencing token, or `undefined` when held by another. */
  take(keys: LockKeys, ttlMs: number, operation: string): Promise<Taken | undefined>;
  /** Resets the expiry if `token` still holds the lock; false otherwise. */
  extend(keys: LockKeys, token: string, ttlMs: number, operation: string): Promise<boolean>;
  /** Deletes the lock if `token` still holds it; false otherwise. */
  release(keys: LockKeys, token: string, operation: string): Promise<boolean>;
}
