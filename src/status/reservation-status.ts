import { callRedis } from '../redis/call-redis.js';
import { decodeReservation } from '../sale/decode-reservation.js';
import type { Reservation } from '../sale/reservation.js';
import type { SaleContext } from '../sale/sale-context.js';
import { reservationId } from '../validate/reservation-id.js';

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
