/** Wall-clock ms with sub-ms precision, comparable across the bench's processes. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** Sleeps until the wall-clock instant `at` (at once when it has passed). */
export async function sleepUntil(at: number): Promise<void> {
  const ms = at - wallNow();
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
