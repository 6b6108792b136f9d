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
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import {
  IdempotencyConflictError,
  LimitConflictError,
  SaleConflictError,
  SaleDataError,
  SaleNotLoadedError,
  StockConflictError,
} from '../errors/sale-errors.js';
import type { Reservation } from '../reservation.js';

/** Most units a sale can take in over its life (restock-8.lua's MAX_UNITS): exact in doubles. */
export const MAX_UNITS = 1_000_000_000_000_000;

/** Any script: the sale's data is missing or malformed; nothing was written. */
export const SALE_DATA_DAMAGED = -99;
/** purchase-8.lua: a hold was made. */
export const RESERVED = 1;
/** purchase-8.lua: the idempotency key was seen; the original reservation. */
export const REPLAYED = 2;
/** confirm/cancel: the transition happened in this call. */
export const TRANSITIONED = 1;
/** confirm/cancel: it had already happened; same answer. */
export const ALREADY_DONE = 2;
/** preload-8.lua: endMs + holdMs + retainMs is not after Redis's time; nothing written. */
export const HORIZON_PASSED = -27;
/** preload-8.lua outcomes. */
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

/** The error for a purchase code that means misuse or damage, or undefined. */
export function purchaseError(
  code: number,
  saleId: string,
  idempotencyKey: string,
): Error | undefined {
  if (code === -7) return new IdempotencyConflictError(idempotencyKey);
  if (code === SALE_DATA_DAMAGED) return new SaleDataError(saleId, 'tryPurchase');
  return undefined;
}

/**
 * The error for a confirm/cancel code, or undefined when the call succeeded.
 * `reservation` is the record the script returned (absent for unknown ids).
 */
export function transitionError(
  code: number,
  saleId: string,
  operation: string,
  id: string,
  reservation: Reservation | undefined,
): Error | undefined {
  switch (code) {
    case SALE_DATA_DAMAGED:
      return new SaleDataError(saleId, operation);
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

/**
 * The error for a preload or restock code, or undefined when it succeeded.
 * `detail` is the script's second reply entry (a number, or a user id for -24);
 * `requested` the stock or delta asked for, `limit` the per-user limit asked for.
 */
export function stockError(
  code: number,
  saleId: string,
  detail: unknown,
  requested: number,
  limit = 0,
): Error | undefined {
  const count = Number(detail);
  switch (code) {
    case SALE_DATA_DAMAGED:
      return new SaleDataError(saleId, 'preload or restock');
    case -23:
      return new InvalidArgumentError(
        'delta',
        requested,
        `at most ${String(MAX_UNITS - count)} more units: a sale's stock over its life is bounded by ${String(MAX_UNITS)} (it has ${String(count)})`,
      );
    case -24:
      return new LimitConflictError(saleId, limit, String(detail));
    case -1:
      return new SaleNotLoadedError(saleId, 'restock');
    case -20:
      return new SaleConflictError(saleId, count);
    case -21:
      return new StockConflictError(
        `stock ${String(requested)} is below the ${String(count)} units already held or sold in sale ${JSON.stringify(saleId)}`,
        count,
      );
    case -22:
      return new StockConflictError(
        `cannot withdraw ${String(-requested)} units from sale ${JSON.stringify(saleId)}: only ${String(count)} are available`,
        count,
      );
    default:
      return undefined;
  }
}
