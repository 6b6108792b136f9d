/** Builds a sale's history for the crash tests and reads back what should be delivered. */
import type { Reservation } from '../../../src/index.js';
import { decodeEntries } from '../../../src/orders/outbox/decode-entry.js';
import type { PipelineFixture } from '../worker/pipeline-fixture.js';
import { mustReserve } from '../../sale/purchase-helpers.js';

/** Final order status per reservation, as the sink should end up recording it. */
export type Expected = Map<string, 'reserved' | 'confirmed' | 'cancelled'>;

/** Makes reservation number `i` of a history; by default a lone `tryPurchase`. */
export type Reserve = (i: number) => Promise<Reservation>;

/**
 * `count` reservations of one unit by distinct users; every third is paid and every
 * fifth (not paid) is cancelled; the rest stay held.
 */
export async function makeHistory(
  f: PipelineFixture,
  count: number,
  from = 0,
  reserve: Reserve = async (i) => mustReserve(f.sale, `user-${String(i)}`),
): Promise<Expected> {
  const expected: Expected = new Map();
  for (let i = from; i < from + count; i++) {
    const reservation = await reserve(i);
    expected.set(reservation.id, 'reserved');
    if (i % 3 === 0) {
      await f.sale.confirm(reservation.id);
      expected.set(reservation.id, 'confirmed');
    } else if (i % 5 === 0) {
      await f.sale.cancel(reservation.id);
      expected.set(reservation.id, 'cancelled');
    }
  }
  return expected;
}

/** The ids of every event now in the outbox stream. */
export async function outboxEventIds(f: PipelineFixture): Promise<string[]> {
  const entries = decodeEntries(await f.client.xrange(f.keys.events, '-', '+'));
  return entries.map((entry) => entry.event?.id ?? `malformed ${entry.position}`);
}
