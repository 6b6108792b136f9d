import { decodeReservation } from '../../sale/decode-reservation.js';
import type { Reservation } from '../../sale/reservation.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
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
 * @group Results
 * @category Order pipeline
 */
export type OrderState = 'pending' | 'placed' | 'paid' | 'released' | 'failed';

/**
 * Why an order is `released` (`cancelled`, `expired`) or `failed`
 * (`write_failed`: the in-request write failed; `sink_rejected`: the sink kept
 * rejecting it and it went to the dead-letter stream). On a `paid` order,
 * `sink_rejected` means it was paid before its order could be written: settle it
 * from the dead letter.
 * @group Results
 * @category Order pipeline
 */
export type OrderStatusReason = 'cancelled' | 'expired' | 'write_failed' | 'sink_rejected';

/**
 * One order's status, read in one round trip. A hold whose deadline has passed
 * (by Redis's clock) is `released` as `expired` at once, whether or not a sweeper
 * has run yet; so is its {@link OrderStatus.reservation}.
 * @group Results
 * @category Order pipeline
 */
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

/**
 * The reservation as it stands at `nowMs` (Redis's clock): a hold whose deadline
 * has passed can never be sold any more (confirm after the deadline releases it),
 * so it is reported released as `expired`, ended at its deadline, even before a
 * sweeper (or a purchase) has written that down.
 *
 * Of the record this relies only on the state and the deadline (decoded by the
 * sale's one decoder, {@link decodeReservation}); fields the record gains later
 * pass through untouched.
 * @internal
 */
export function asOf(reservation: Reservation, nowMs: number): Reservation {
  if (reservation.state !== 'held' || nowMs < reservation.deadlineMs) return reservation;
  return {
    ...reservation,
    state: 'released',
    releaseReason: 'expired',
    endedAtMs: reservation.deadlineMs,
  };
}

/**
 * Derives the status from the reservation and its delivery mark; with `nowMs`
 * (Redis's clock), an overdue hold counts as expired ({@link asOf}).
 * @internal
 */
export function orderStatusOf(
  current: Reservation,
  mark: DeliveryMark,
  nowMs?: number,
): OrderStatus {
  const reservation = nowMs === undefined ? current : asOf(current, nowMs);
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
  const nowMs = replyNumber('orderStatus', reply, 2);
  return orderStatusOf(decodeReservation(context.saleId, rid, record), delivery, nowMs);
}
