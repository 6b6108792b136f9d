import type { LockKeys } from '../keys/lock-keys.js';
import type { ResolvedLockOptions } from '../options/lock-spec.js';
import { abortableSleep, fullJitterMs } from '../../shared/timing/abortable-sleep.js';
import { attempt } from './attempt.js';
import type { LockBackend } from './lock-backend.js';
import type { LockHandle } from './lock-handle.js';
import type { LockNotAcquired } from './results.js';

/** An {@link AcquireResult} that exposes the handle class to the core. @internal */
export type LoopResult =
  | { readonly acquired: true; readonly lock: LockHandle; readonly attempts: number }
  | LockNotAcquired;

/** One resolved acquire call. @internal */
export interface AcquireCall {
  readonly keys: LockKeys;
  readonly ttlMs: number;
  readonly waitMs: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * Attempts until the lock is taken or `waitMs` has passed on the monotonic clock,
 * sleeping with full-jitter backoff in between; never sleeps past the deadline, and
 * makes one last attempt at it.
 * @internal
 */
export async function acquireLoop(
  backend: LockBackend,
  call: AcquireCall,
  options: ResolvedLockOptions,
  operation: string,
): Promise<LoopResult> {
  const { signal } = call;
  signal?.throwIfAborted();
  const deadline = performance.now() + call.waitMs;
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt(backend, call.keys, call.ttlMs, options, operation);
    if (signal?.aborted === true) {
      // The caller gave up while the attempt was in flight: hand back what we got.
      if (outcome.acquired) await outcome.lock.release().catch(() => undefined);
      signal.throwIfAborted();
    }
    if (outcome.acquired) return { acquired: true, lock: outcome.lock, attempts };
    const leftMs = deadline - performance.now();
    if (leftMs <= 0) return { acquired: false, reason: outcome.reason, attempts };
    const delayMs = fullJitterMs(attempts, options.retryDelayMs, options.maxRetryDelayMs);
    await abortableSleep(Math.min(Math.ceil(leftMs), delayMs), signal);
  }
}
