/**
 * The numeric codes the Lua scripts answer with, and what they mean here. This is
 * the one place where script codes become results or typed errors.
 * @internal
 */
import type { PurchaseRejectionReason } from '../purchase/purchase-result.js';
import {
  ReservationReleasedError,
  ReservationSoldError,
  UnknownReservationError,
} from '../errors/reservation-errors.js';
import {
  IdempotencyConflictError,
  SaleConflictError,
  SaleNotLoadedError,
  StockConflictError,
} from '../errors/sale-errors.js';
import type { Reservation } from '../reservation.js';

/** purchase-6.lua: a hold was made. */
export const RESERVED = 1;
/** purchase-6.lua: the idempotency key was seen; the original reservation. */
export const REPLAYED = 2;
/** confirm/cancel: the transition happened in this call. */
export const TRANSITIONED = 1;
/** confirm/cancel: it had already happened; same answer. */
export const ALREADY_DONE = 2;
/** preload-6.lua outcomes. */
export const PRELOAD_OUTCOMES: Readonly<Record<number, 'created' | 'unchanged' | 'replaced'>> = {
  1: 'created',
  0: 'unchanged',
  2: 'replaced',
};

const PURCHASE_REJECTIONS: Readonly<Record<number, PurchaseRejectionReason>> = {
  [-1]: 'not_loaded',
  [-2]: 'not_started',
  [-3]: 'ended',
  [-4]: 'sold_out',
  [-5]: 'insufficient_stock',
  [-6]: 'limit_reached',
};

/** The rejection reason for a purchase code, or undefined for success codes. */
export function purchaseRejection(code: number): PurchaseRejectionReason | undefined {
  return PURCHASE_REJECTIONS[code];
}

/** The error for a purchase code that means misuse, or undefined. */
export function purchaseError(code: number, idempotencyKey: string): Error | undefined {
  return code === -7 ? new IdempotencyConflictError(idempotencyKey) : undefined;
}

/**
 * The error for a confirm/cancel code, or undefined when the call succeeded.
 * `reservation` is the record the script returned (absent for unknown ids).
 */
export function transitionError(
  code: number,
  id: string,
  reservation: Reservation | undefined,
): Error | undefined {
  switch (code) {
    case -10:
      return new UnknownReservationError(id);
    case -11:
      return new ReservationReleasedError(id, reservation?.releaseReason ?? 'expired', false);
    case -12:
      return new ReservationReleasedError(id, 'expired', true);
    case -13:
      return new ReservationSoldError(id);
    default:
      return undefined;
  }
}

/** The error for a preload or restock code, or undefined when it succeeded. */
export function stockError(
  code: number,
  saleId: string,
  detail: number,
  requested: number,
): Error | undefined {
  switch (code) {
    case -1:
      return new SaleNotLoadedError(saleId, 'restock');
    case -20:
      return new SaleConflictError(saleId, detail);
    case -21:
      return new StockConflictError(
        `stock ${String(requested)} is below the ${String(detail)} units already held or sold in sale ${JSON.stringify(saleId)}`,
        detail,
      );
    case -22:
      return new StockConflictError(
        `cannot withdraw ${String(-requested)} units from sale ${JSON.stringify(saleId)}: only ${String(detail)} are available`,
        detail,
      );
    default:
      return undefined;
  }
}
