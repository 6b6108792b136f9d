/** Order events made by hand, for the sink tests that need no sale. */
import type { OrderEvent } from '../../src/index.js';

/** An event of reservation `reservationId` (a one-unit hold of sale `drop`). */
export function orderEvent(reservationId: string, type: OrderEvent['type']): OrderEvent {
  const atMs = 1_790_000_000_000;
  return {
    id: `${reservationId}/${type}`,
    type,
    saleId: 'drop',
    reservationId,
    userId: `user of ${reservationId}`,
    quantity: 1,
    lines: [{ item: 'default', quantity: 1 }],
    metadata: { channel: 'app', priceCents: 1_999, gift: false, note: null },
    atMs,
    deadlineMs: atMs + 60_000,
    position: null,
  };
}

/** A signal that never aborts. */
export const NEVER: AbortSignal = new AbortController().signal;
