import {
  InvalidArgumentError,
  UnknownReservationError,
  type FlashSale,
  type Reservation,
} from '../../src/index.js';

/**
 * The reservation, provided it belongs to `userId`. Someone else's reservation is
 * answered exactly like a missing one (404), so ids cannot be probed. A buyer
 * never changes, so reading first and acting after is race-free.
 */
export async function ownedReservation(
  sale: FlashSale,
  reservationId: string,
  userId: string,
): Promise<Reservation> {
  // No buyer is a bad request, as it is for a purchase, not a missing reservation.
  if (userId === '') throw new InvalidArgumentError('userId', userId, 'a non-empty string');
  const reservation = await sale.reservation(reservationId);
  if (reservation?.userId !== userId) throw new UnknownReservationError(reservationId);
  return reservation;
}
