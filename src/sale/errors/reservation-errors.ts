import type { ReleaseReason } from '../reservation.js';
import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';

/**
 * No reservation with this id exists in the sale (never made, or expired with the sale's keys).
 *
 * @see {@link isUnknownReservationError} to recognise it
 * @group Errors
 * @category Sale
 */
export class UnknownReservationError extends FlashSaleError {
  override readonly name = 'UnknownReservationError' as const;
  /** The id that was not found. */
  readonly reservationId: string;

  /** @param reservationId - the id that was not found */
  constructor(reservationId: string) {
    super('UNKNOWN_RESERVATION', `no reservation ${JSON.stringify(reservationId)} in this sale`);
    this.reservationId = reservationId;
  }
}

/**
 * True when `error` is an {@link UnknownReservationError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isUnknownReservationError = errorGuard(
  UnknownReservationError,
  'UnknownReservationError',
);

/**
 * `confirm` on a hold that was already released (cancelled, expired or failed).
 * The units went back to stock, so the payment must be refunded, not booked.
 *
 * @see {@link isReservationReleasedError} to recognise it
 * @group Errors
 * @category Sale
 */
export class ReservationReleasedError extends FlashSaleError {
  override readonly name = 'ReservationReleasedError' as const;
  /** The reservation that was released. */
  readonly reservationId: string;
  /** Why it was released. */
  readonly reason: ReleaseReason;
  /**
   * True when this very call released it: `confirm` found the deadline passed and
   * returned the units to stock itself. False when an earlier call (a cancel, an
   * `expire()`, a sweeper, another late confirm) had already released it. Count
   * releases with this: each hold is released by exactly one call.
   */
  readonly releasedByThisCall: boolean;

  /**
   * @param reservationId - the released reservation
   * @param reason - why it was released
   * @param releasedByThisCall - whether the call that throws released it
   */
  constructor(reservationId: string, reason: ReleaseReason, releasedByThisCall = false) {
    super(
      'RESERVATION_RELEASED',
      releasedByThisCall
        ? `reservation ${JSON.stringify(reservationId)} was past its deadline, so it was released (${reason}) instead of confirmed`
        : `reservation ${JSON.stringify(reservationId)} was already released (${reason}); it cannot be confirmed`,
    );
    this.reservationId = reservationId;
    this.reason = reason;
    this.releasedByThisCall = releasedByThisCall;
  }
}

/**
 * True when `error` is a {@link ReservationReleasedError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isReservationReleasedError = errorGuard(
  ReservationReleasedError,
  'ReservationReleasedError',
);

/**
 * `cancel` on a hold that was already confirmed: a sale is final.
 *
 * @see {@link isReservationSoldError} to recognise it
 * @group Errors
 * @category Sale
 */
export class ReservationSoldError extends FlashSaleError {
  override readonly name = 'ReservationSoldError' as const;
  /** The reservation that was sold. */
  readonly reservationId: string;

  /** @param reservationId - the sold reservation */
  constructor(reservationId: string) {
    super(
      'RESERVATION_SOLD',
      `reservation ${JSON.stringify(reservationId)} was already sold; it cannot be released`,
    );
    this.reservationId = reservationId;
  }
}

/**
 * True when `error` is a {@link ReservationSoldError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isReservationSoldError = errorGuard(ReservationSoldError, 'ReservationSoldError');

/**
 * {@link FlashSale.extend} asked for more time than the sale allows a hold:
 * a hold's deadline never passes `createdAtMs + holdMs + maxExtendMs` (set by
 * preload). Nothing changed; the hold keeps its deadline.
 *
 * @see {@link isExtensionLimitError} to recognise it
 * @group Errors
 * @category Sale
 */
export class ExtensionLimitError extends FlashSaleError {
  override readonly name = 'ExtensionLimitError' as const;
  /** The reservation. */
  readonly reservationId: string;
  /** The milliseconds asked for. */
  readonly requestedMs: number;
  /** The most milliseconds this hold may still be extended by (0: none). */
  readonly allowedMs: number;

  /**
   * @param reservationId - the reservation
   * @param requestedMs - the milliseconds asked for
   * @param allowedMs - the most it may still be extended by
   */
  constructor(reservationId: string, requestedMs: number, allowedMs: number) {
    super(
      'EXTENSION_LIMIT',
      `cannot extend reservation ${JSON.stringify(reservationId)} by ${String(requestedMs)} ms: at most ${String(allowedMs)} ms more is allowed (preload's maxExtendMs)`,
    );
    this.reservationId = reservationId;
    this.requestedMs = requestedMs;
    this.allowedMs = allowedMs;
  }
}

/**
 * True when `error` is an {@link ExtensionLimitError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isExtensionLimitError = errorGuard(ExtensionLimitError, 'ExtensionLimitError');
