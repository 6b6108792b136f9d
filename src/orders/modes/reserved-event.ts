import { orderEventId, type OrderEvent } from '../outbox/order-event.js';
import type { Reservation } from '../../sale/reservation.js';

/**
 * The `reserved` event of a reservation, exactly as the outbox carries it (same
 * id and fields), for writing the order in-request.
 * @internal
 */
export function reservedEvent(reservation: Reservation): OrderEvent {
  return {
    id: orderEventId(reservation.id, 'reserved'),
    type: 'reserved',
    saleId: reservation.saleId,
    reservationId: reservation.id,
    userId: reservation.userId,
    quantity: reservation.quantity,
    lines: reservation.lines,
    metadata: reservation.metadata,
    atMs: reservation.createdAtMs,
    deadlineMs: reservation.deadlineMs,
    position: null,
  };
}
