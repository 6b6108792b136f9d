import type { LockKeys } from '../keys/lock-keys.js';
import type { LockBackend } from './lock-backend.js';
import { LockHandle, type HandleOptions } from './lock-handle.js';
import type { NotAcquiredReason } from './results.js';
import { publishLock } from './lock-diagnostics.js';

/** Outcome of one attempt. @internal */
export type AttemptOutcome =
  | { readonly acquired: true; readonly lock: LockHandle }
  | { readonly acquired: false; readonly reason: NotAcquiredReason };

/**
 * One acquisition attempt. The validity clock starts before the request is sent,
 * so the round trip counts against the ttl; a lock with less than `minValidityMs`
 * left on arrival is given back at once and reported as not acquired.
 * @internal
 */
export async function attempt(
  backend: LockBackend,
  keys: LockKeys,
  ttlMs: number,
  options: HandleOptions,
  operation: string,
): Promise<AttemptOutcome> {
  const startedAt = performance.now();
  const taken = await backend.take(keys, ttlMs, operation);
  if (taken === undefined) return { acquired: false, reason: 'held' };
  const lock = new LockHandle(backend, keys, taken, ttlMs, startedAt, options);
  const validityMs = lock.remainingMs();
  if (validityMs >= Math.max(options.minValidityMs, 1)) {
    publishLock('acquired', lock.key, lock.fence, null, validityMs);
    return { acquired: true, lock };
  }
  // Too little left to do anything useful; it expires on its own if this fails.
  await lock.release().catch(() => undefined);
  return { acquired: false, reason: 'insufficient-validity' };
}
