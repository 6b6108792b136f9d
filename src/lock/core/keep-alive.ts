import { LockLostError, type LockLostReason } from '../errors/lock-lost-error.js';
import type { LockHandle } from './lock-handle.js';

/** Stops a {@link keepAlive}. @internal */
export interface KeepAlive {
  /** The error the lock was lost with, if it was. */
  readonly lost: () => LockLostError | undefined;
  /** Clears the timers; call before releasing. */
  readonly stop: () => void;
}

/**
 * Keeps `lock` extended, by the ttl it was acquired with, every `intervalMs` while
 * `withLock`'s callback runs, and calls `onLost` the moment it is lost: an
 * extension is refused or fails, or its validity runs out first. The validity
 * timer is what tells a holder that was paused (GC, SIGSTOP, a blocked event loop)
 * past its ttl: it fires as soon as the process runs again.
 * @internal
 */
export function keepAlive(
  lock: LockHandle,
  intervalMs: number,
  onLost: (error: LockLostError) => void,
): KeepAlive {
  let stopped = false;
  let lostError: LockLostError | undefined;
  let extendTimer: NodeJS.Timeout | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;

  const stop = (): void => {
    stopped = true;
    clearTimeout(extendTimer);
    clearTimeout(expiryTimer);
  };
  const lose = (reason: LockLostReason, cause?: unknown): void => {
    if (stopped) return;
    lostError = new LockLostError(lock.key, reason, cause === undefined ? undefined : { cause });
    if (reason !== 'released') lock.reportLost(reason);
    stop();
    onLost(lostError);
  };
  const watchExpiry = (): void => {
    clearTimeout(expiryTimer);
    // Timers have millisecond granularity; re-check rather than trust an early fire.
    expiryTimer = setTimeout(
      () => {
        if (lock.remainingMs() <= 0) lose('expired');
        else watchExpiry();
      },
      Math.max(0, Math.ceil(lock.remainingMs())),
    );
  };
  const scheduleExtend = (): void => {
    extendTimer = setTimeout(() => {
      lock.extend().then(
        (result) => {
          if (stopped) return;
          if (!result.extended) {
            lose(result.reason);
            return;
          }
          watchExpiry();
          scheduleExtend();
        },
        (error: unknown) => {
          lose('extend-failed', error);
        },
      );
    }, intervalMs);
  };

  watchExpiry();
  scheduleExtend();
  return { lost: () => lostError, stop };
}
