/**
 * Resolves after `ms`, or rejects with `signal.reason` as soon as it aborts.
 * (`timers/promises` would reject with a wrapping AbortError instead of the reason.)
 * @internal
 */
export async function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
  signal?.throwIfAborted();
}

/**
 * Full-jitter backoff: a uniformly random delay in `[0, min(cap, base × 2^(attempt−1)))`.
 * Contenders spread out instead of retrying in lockstep.
 * @internal
 */
export function fullJitterMs(attempt: number, baseMs: number, capMs: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(Math.random() * ceiling);
}
