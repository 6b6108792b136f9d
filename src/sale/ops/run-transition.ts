import { transitionChannel } from '../../shared/diagnostics/transition-message.js';
import type { TransitionOperation } from '../../shared/diagnostics/transition-message.js';
import { decodeTransition } from '../decode-transition.js';
import type { Reservation } from '../reservation.js';
import { reservationId } from '../reservation-id.js';
import type { SaleContext } from '../sale-context.js';
import { publishTransition } from './transition-diagnostics.js';

/**
 * One confirm, cancel or extend: checks the id, runs the script (`call`), decodes
 * its reply (`decode`, by default {@link decodeTransition}) and, while diagnostics
 * are observed, publishes what happened, thrown errors included.
 * @internal
 */
export async function runTransition(
  context: SaleContext,
  operation: TransitionOperation,
  id: unknown,
  call: (rid: string) => Promise<unknown>,
  decode: (rid: string, raw: unknown) => Reservation = (rid, raw) =>
    decodeTransition(context.saleId, operation, rid, raw),
): Promise<Reservation> {
  const startedAt = transitionChannel.hasSubscribers ? performance.now() : undefined;
  let raw: unknown;
  try {
    const rid = reservationId(context.saleId, id);
    raw = await call(rid);
    const reservation = decode(rid, raw);
    if (startedAt !== undefined) {
      publishTransition(context.saleId, operation, id, raw, undefined, startedAt);
    }
    return reservation;
  } catch (error) {
    if (startedAt !== undefined)
      publishTransition(context.saleId, operation, id, raw, error, startedAt);
    throw error;
  }
}
