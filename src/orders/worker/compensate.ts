import {
  isReservationSoldError,
  isUnknownReservationError,
} from '../../sale/errors/reservation-errors.js';
import { isInvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import type { OrderEvent } from '../outbox/order-event.js';
import type { DeadLetterCompensation } from '../outbox/dead-letter-types.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { cancel } from '../../sale/ops/cancel.js';

/**
 * Releases the hold of a reservation whose `reserved` event the sink never
 * accepted: units and the buyer's allowance come back, and the release is an
 * event of its own (`failed`). Safe to repeat. Other events need nothing.
 * @internal
 */
export async function compensate(
  sale: SaleContext,
  event: OrderEvent,
): Promise<DeadLetterCompensation> {
  if (event.type !== 'reserved') return 'none';
  try {
    const reservation = await cancel(sale, event.reservationId, 'failed');
    return reservation.releaseReason === 'failed' ? 'released' : 'already_released';
  } catch (error) {
    if (isReservationSoldError(error)) return 'sold';
    if (isUnknownReservationError(error) || isInvalidArgumentError(error)) return 'unknown';
    throw error;
  }
}
