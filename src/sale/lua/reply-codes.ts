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
  UnknownItemError,
} from '../errors/sale-errors.js';
import type { Reservation } from '../reservation.js';

/** Most units a sale can take in over its life (restock-8.lua's MAX_UNITS): exact in doubles. */
export const MAX_UNITS = 1_000_000_000_000_000;

/** Any script: the sale's data is missing or malformed; nothing was written. */
export const SALE_DATA_DAMAGED = -99;
/** purchase-9.lua: a hold was made. */
export const RESERVED = 1;
/** purchase-9.lua: the idempotency key was seen; the original reservation. */
export const REPLAYED = 2;
/** purchase-9.lua: over the sale's rate limit (record: the ms to wait). */
export const RATE_LIMITED = -8;
/** purchase-9.lua: no good purchase token (missing when required, expired or used). */
export const INVALID_TOKEN = -9;
/** purchase/restock/itemStats: no such item in the catalog. */
export const UNKNOWN_ITEM = -14;
/** extend-7.lua: beyond the most the hold may be extended (detail: ms still allowed). */
export const BEYOND_EXTENSION = -15;
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
  [RATE_LIMITED]: 'rate_limited',
  [INVALID_TOKEN]: 'invalid_token',
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
  item: string | null,
): Error | undefined {
  if (code === -7) return new IdempotencyConflictError(idempotencyKey);
  if (code === UNKNOWN_ITEM) return new UnknownItemError(saleId, item ?? '', 'tryPurchase');
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
 * The error for a preload chunk's code, or undefined when it succeeded. `detail`
 * and `item` are the script's second and third reply entries.
 */
export function preloadError(
  code: number,
  saleId: string,
  detail: unknown,
  item: string,
  stock: (item: string) => number,
  limit: (item: string) => number,
): Error | undefined {
  switch (code) {
    case SALE_DATA_DAMAGED:
      return new SaleDataError(saleId, 'preload');
    case -20:
      return new SaleConflictError(saleId, Number(detail));
    case -21:
      return new StockConflictError(
        `stock ${String(stock(item))} of item ${JSON.stringify(item)} is below the ${String(detail)} units already held or sold of it in sale ${JSON.stringify(saleId)}`,
        Number(detail),
      );
    case -24:
      return new LimitConflictError(saleId, limit(item), String(detail), item === '' ? null : item);
    case -28:
      return new SaleConflictError(
        saleId,
        0,
        'another preload of this sale started meanwhile; run this one again',
      );
    default:
      return undefined;
  }
}

/**
 * The error for a restock code, or undefined when it succeeded. `detail` is the
 * script's second reply entry; `delta` the change asked for.
 */
export function restockError(
  code: number,
  saleId: string,
  item: string,
  detail: number,
  delta: number,
): Error | undefined {
  switch (code) {
    case SALE_DATA_DAMAGED:
      return new SaleDataError(saleId, 'restock');
    case UNKNOWN_ITEM:
      return new UnknownItemError(saleId, item, 'restock');
    case -23:
      return new InvalidArgumentError(
        'delta',
        delta,
        `at most ${String(MAX_UNITS - detail)} more units: a sale's stock over its life is bounded by ${String(MAX_UNITS)} (it has ${String(detail)})`,
      );
    case -1:
      return new SaleNotLoadedError(saleId, 'restock');
    case -22:
      return new StockConflictError(
        `cannot withdraw ${String(-delta)} units of item ${JSON.stringify(item)} from sale ${JSON.stringify(saleId)}: only ${String(detail)} are available`,
        detail,
      );
    default:
      return undefined;
  }
}

/**
 * The error for a code of transfer-out-8.lua or transfer-in-8.lua (moving units
 * between the shards of a sharded sale), or undefined when the step succeeded.
 */
export function transferError(
  code: number,
  saleId: string,
  item: string,
  operation: string,
): Error | undefined {
  switch (code) {
    case SALE_DATA_DAMAGED:
      return new SaleDataError(saleId, operation);
    case UNKNOWN_ITEM:
      return new UnknownItemError(saleId, item, operation);
    case -1:
      return new SaleNotLoadedError(saleId, operation);
    case -23:
      return new StockConflictError(
        `${operation}: sale ${JSON.stringify(saleId)} cannot take more units: a sale's stock over its life is bounded by ${String(MAX_UNITS)}`,
        0,
      );
    default:
      return undefined;
  }
}
