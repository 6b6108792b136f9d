import { LockNotAcquiredError } from '../errors/lock-not-acquired-error.js';
import type { ResolvedLockOptions } from '../options/lock-spec.js';
import { acquireLoop, type AcquireCall } from './acquire-loop.js';
import type { LockBackend } from './lock-backend.js';
import { keepAlive } from './keep-alive.js';
import type { LockedFunction } from './locker.js';

/** The body of {@link Locker.withLock} once its arguments are checked. @internal */
export async function withLock<T>(
  backend: LockBackend,
  call: AcquireCall,
  extendIntervalMs: number,
  fn: LockedFunction<T>,
  options: ResolvedLockOptions,
): Promise<T> {
  const result = await acquireLoop(backend, call, options, 'withLock');
  if (!result.acquired) {
    throw new LockNotAcquiredError(call.keys.name, result.reason, result.attempts, call.waitMs);
  }
  const { lock } = result;
  const controller = new AbortController();
  const forward = (): void => {
    controller.abort(call.signal?.reason);
  };
  call.signal?.addEventListener('abort', forward, { once: true });
  // An abort that landed after acquireLoop's last check fires no event any more.
  if (call.signal?.aborted === true) forward();
  const keeper = keepAlive(lock, extendIntervalMs, (error) => {
    controller.abort(error);
  });
  try {
    const value = await fn(controller.signal, lock);
    const lost = keeper.lost();
    // fn finished, but not under exclusive access: the caller must know.
    if (lost !== undefined) throw lost;
    return value;
  } finally {
    keeper.stop();
    call.signal?.removeEventListener('abort', forward);
    // Token-checked, so harmless if the lock already passed to someone else; if
    // Redis fails here the lock frees at its expiry, and fn's outcome matters more.
    await lock.release().catch(() => undefined);
  }
}
