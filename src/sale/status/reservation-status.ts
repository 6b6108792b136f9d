import { decodeReservation } from '../decode-reservation.js';
import type { Reservation } from '../reservation.js';
import { runSaleScript, type SaleContext } from '../sale-context.js';
import { reservationId } from '../reservation-id.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';

/**
 * One reservation by id, or `null` when it does not exist, read with Redis's time
 * so an overdue hold is reported as expired. One round trip.
 * @internal
 */
export async function reservationStatus(
  context: SaleContext,
  id: unknown,
): Promise<Reservation | null> {
  const rid = reservationId(context.saleId, id);
  const reply = replyList(
    'reservation',
    await runSaleScript(context, SALE_SCRIPTS.reservation, 'reservation', [rid]),
  );
  const nowMs = replyNumber('reservation', reply, 0);
  return reply[1] === '' ? null : decodeReservation(context.saleId, rid, reply[1], nowMs);
}
