import { callRedis } from '../../shared/redis/call-redis.js';
import { decodeReservation } from '../decode-reservation.js';
import type { Reservation } from '../reservation.js';
import type { SaleContext } from '../sale-context.js';
import { reservationId } from '../reservation-id.js';

/** One reservation by id, or `null` when it does not exist. One HGET. @internal */
export async function reservationStatus(
  context: SaleContext,
  id: unknown,
): Promise<Reservation | null> {
  const rid = reservationId(context.saleId, id);
  const record = await callRedis(
    'reservation',
    context.commandTimeoutMs,
    context.client.hget(context.keys.holds, rid),
  );
  return record === null ? null : decodeReservation(context.saleId, rid, record);
}
