import type { FlashSale, Reservation } from '../../src/index.js';

/** Buys for `userId` and returns the reservation, failing the test on a refusal. */
export async function mustReserve(
  sale: FlashSale,
  userId: string,
  quantity = 1,
): Promise<Reservation> {
  const result = await sale.tryPurchase(userId, { quantity });
  if (!result.ok) throw new Error(`expected a reservation for ${userId}, got ${result.reason}`);
  return result.reservation;
}

/**
 * Waits until the sale's own clock (Redis TIME, read through stats) has passed the
 * reservation's deadline by `slackMs`. Watching the deciding clock, not Date.now(),
 * makes this exact on Redis and on the in-memory backend (whose TIME is fixed:
 * raw ioredis-mock rounds the seconds and appends unrelated hrtime digits).
 */
export async function pastDeadline(
  sale: FlashSale,
  reservation: Reservation,
  slackMs: number,
): Promise<void> {
  const target = reservation.deadlineMs + slackMs;
  for (;;) {
    const { nowMs } = await sale.stats();
    if (nowMs >= target) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, target - nowMs)));
  }
}

/** The last element, failing the test when there is none. */
export function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('expected a non-empty list');
  return item;
}
