import { withTimeLimit } from '../../shared/timing/time-limit.js';

/**
 * Waits for `work`, but rejects with `signal.reason` as soon as the signal
 * aborts (the library stopped waiting for the write). `work` goes on; its
 * outcome is then ignored, a late rejection included.
 * @internal
 */
export async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Rejects with `onTimeout()` when `work` has not settled within `timeoutMs`; the
 * timer never keeps the process alive. `work` goes on; `onLate` gets its value
 * if it arrives after the deadline (to close a connection nobody waits for).
 * @internal
 */
export async function withinMs<T>(
  work: Promise<T>,
  timeoutMs: number,
  onTimeout: () => Error,
  onLate: (value: T) => void,
): Promise<T> {
  let late = false;
  work.then(
    (value) => {
      if (late) onLate(value);
    },
    () => undefined,
  );
  return withTimeLimit(work, timeoutMs, () => {
    late = true;
    return onTimeout();
  });
}
