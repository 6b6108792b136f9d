import type { Reservation } from '../../sale/reservation.js';
import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';

/**
 * In-request mode: the order could not be written, so the purchase did not go
 * through. When {@link OrderWriteError.released} is true the hold was released in
 * the same call (units and the buyer's allowance are back); when false, it could
 * not be released: Redis was unreachable (the hold returns at its deadline), or a
 * concurrent retry of the same request had it paid meanwhile (it stays sold).
 * The cause is the sink's error.
 *
 * @see {@link isOrderWriteError} to recognise it
 * @group Errors
 * @category Order pipeline
 */
export class OrderWriteError extends FlashSaleError {
  override readonly name = 'OrderWriteError' as const;
  /** The reservation whose order was not written, as it stands after the call. */
  readonly reservation: Reservation;
  /** Whether the hold was released in this call (or already was). */
  readonly released: boolean;

  /**
   * @param reservation - the reservation whose order was not written
   * @param released - whether its hold is released
   * @param cause - why the write failed
   */
  constructor(reservation: Reservation, released: boolean, cause: unknown) {
    super(
      'ORDER_WRITE_FAILED',
      `the order of reservation ${JSON.stringify(reservation.id)} could not be written (${messageOf(cause)}); ${released ? 'its hold was released' : 'its hold could not be released (it returns to stock at its deadline unless it was paid)'}`,
      { cause },
    );
    this.reservation = reservation;
    this.released = released;
  }
}

/**
 * True when `error` is an {@link OrderWriteError}.
 * @function
 * @group Errors
 * @category Order pipeline
 */
export const isOrderWriteError = errorGuard(OrderWriteError, 'OrderWriteError');

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
