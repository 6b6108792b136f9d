import { decodeReservation } from '../../sale/decode-reservation.js';
import type { Reservation } from '../../sale/reservation.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { replyList } from '../../shared/lua/reply-shape.js';
import { outboxKeys } from '../outbox/outbox-keys.js';
import { OUTBOX_SCRIPTS } from '../outbox/lua/outbox-scripts.js';
import { reservationId } from '../../sale/reservation-id.js';

/**
 * Where an order stands, as a front end polls it:
 * - `pending`: units held, the order not yet written by the sink
 * - `placed`: the order is written; awaiting payment
 * - `paid`: confirmed (final)
 * - `released`: cancelled or expired unpaid; units back in stock (final)
 * - `failed`: the order could not be written; units back in stock (final)
 */
export type OrderState = 'pending' | 'placed' | 'paid' | 'released' | 'failed';

/**
 * Why an order is `released` (`cancelled`, `expired`) or `failed`
 * (`write_failed`: the in-request write failed; `sink_rejected`: the sink kept
 * rejecting it and it went to the dead-letter stream). On a `paid` order,
 * `sink_rejected` means it was paid before its order could be written: settle it
 * from the dead letter.
 */
export type OrderStatusReason = 'cancelled' | 'expired' | 'write_failed' | 'sink_rejected';

/** One order's status, read in one round trip. */
export interface OrderStatus {
  /** Where it stands. */
  readonly state: OrderState;
  /** Why, for `released` and `failed` (and a dead-lettered `paid`); otherwise `null`. */
  readonly reason: OrderStatusReason | null;
  /** The reservation behind it. */
  readonly reservation: Reservation;
}

/** The delivered mark of a reservation: `placed`, `dead`, or `''` (none yet). @internal */
export type DeliveryMark = 'placed' | 'dead' | '';

/** Derives the status from the reservation and its delivery mark. @internal */
export function orderStatusOf(reservation: Reservation, mark: DeliveryMark): OrderStatus {
  const rejected = mark === 'dead' ? 'sink_rejected' : null;
  const status = (state: OrderState, reason: OrderStatusReason | null): OrderStatus => ({
    state,
    reason,
    reservation,
  });
  switch (reservation.state) {
    case 'held':
      return status(mark === 'placed' ? 'placed' : 'pending', null);
    case 'sold':
      return status('paid', rejected);
    case 'released':
      if (reservation.releaseReason === 'failed')
        return status('failed', rejected ?? 'write_failed');
      return status('released', reservation.releaseReason);
  }
}

/**
 * Reads one order's status, or `null` for an unknown reservation; `group` is the
 * consumer group whose delivery places orders.
 * @internal
 */
export async function readOrderStatus(
  context: SaleContext,
  group: string,
  id: unknown,
): Promise<OrderStatus | null> {
  const rid = reservationId(context.saleId, id);
  const keys = [context.keys.holds, outboxKeys(context.keys, group).delivered];
  const reply = replyList(
    'orderStatus',
    await OUTBOX_SCRIPTS.orderStatus.run(
      context.client,
      'orderStatus',
      context.commandTimeoutMs,
      keys,
      [rid],
    ),
  );
  const [record, mark] = reply;
  if (record === '' || record === undefined) return null;
  const delivery: DeliveryMark = mark === 'placed' || mark === 'dead' ? mark : '';
  return orderStatusOf(decodeReservation(context.saleId, rid, record), delivery);
}
