/** Waiting for observed state in lock tests, never for a fixed time. */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it holds. The limit only turns a hang into a failure: it is
 * far beyond any stall of a loaded machine, and no outcome depends on it.
 */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  limitMs = 30_000,
): Promise<void> {
  const giveUpAt = performance.now() + limitMs;
  while (!(await check())) {
    if (performance.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}
