import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';

/**
 * An operation that needs a loaded sale (restock, …) ran before `preload`.
 *
 * @see {@link isSaleNotLoadedError} to recognise it
 * @group Errors
 * @category Sale
 */
export class SaleNotLoadedError extends FlashSaleError {
  override readonly name = 'SaleNotLoadedError' as const;
  /** The sale that is not loaded. */
  readonly saleId: string;

  /**
   * @param saleId - the sale that is not loaded
   * @param operation - what was attempted
   */
  constructor(saleId: string, operation: string) {
    super(
      'SALE_NOT_LOADED',
      `${operation}: sale ${JSON.stringify(saleId)} is not loaded; call preload first`,
    );
    this.saleId = saleId;
  }
}

/**
 * True when `error` is a {@link SaleNotLoadedError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isSaleNotLoadedError = errorGuard(SaleNotLoadedError, 'SaleNotLoadedError');

/**
 * `preload` with settings that differ from the loaded sale's, without `force`.
 * Nothing changed.
 *
 * @see {@link isSaleConflictError} to recognise it
 * @group Errors
 * @category Sale
 */
export class SaleConflictError extends FlashSaleError {
  override readonly name = 'SaleConflictError' as const;
  /** The sale whose settings differ. */
  readonly saleId: string;

  /**
   * @param saleId - the sale whose settings differ
   * @param loadedStock - the stock the loaded sale was preloaded with
   * @param detail - what conflicted, when not the usual "other settings"
   */
  constructor(saleId: string, loadedStock: number, detail?: string) {
    super(
      'SALE_CONFLICT',
      detail === undefined
        ? `sale ${JSON.stringify(saleId)} is already loaded with other settings (stock ${String(loadedStock)}); pass force: true to replace them`
        : `sale ${JSON.stringify(saleId)}: ${detail}`,
    );
    this.saleId = saleId;
  }
}

/**
 * True when `error` is a {@link SaleConflictError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isSaleConflictError = errorGuard(SaleConflictError, 'SaleConflictError');

/**
 * A stock change that would break conservation: a forced preload below what is
 * already held or sold, or a withdrawal of more units than are available.
 * Nothing changed.
 *
 * @see {@link isStockConflictError} to recognise it
 * @group Errors
 * @category Sale
 */
export class StockConflictError extends FlashSaleError {
  override readonly name = 'StockConflictError' as const;
  /** The units that could be taken or must be kept, as the message explains. */
  readonly limit: number;

  /**
   * @param message - what was asked and why it cannot be done
   * @param limit - the bound that was crossed
   */
  constructor(message: string, limit: number) {
    super('STOCK_CONFLICT', message);
    this.limit = limit;
  }
}

/**
 * True when `error` is a {@link StockConflictError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isStockConflictError = errorGuard(StockConflictError, 'StockConflictError');

/**
 * An idempotency key came back with a different user or quantity than its first
 * use. Nothing was reserved; the first reservation stands.
 *
 * @see {@link isIdempotencyConflictError} to recognise it
 * @group Errors
 * @category Sale
 */
export class IdempotencyConflictError extends FlashSaleError {
  override readonly name = 'IdempotencyConflictError' as const;
  /** The reused key. */
  readonly idempotencyKey: string;

  /** @param idempotencyKey - the reused key */
  constructor(idempotencyKey: string) {
    super(
      'IDEMPOTENCY_CONFLICT',
      `idempotency key ${JSON.stringify(idempotencyKey)} was first used with another user or quantity`,
    );
    this.idempotencyKey = idempotencyKey;
  }
}

/**
 * True when `error` is an {@link IdempotencyConflictError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isIdempotencyConflictError = errorGuard(
  IdempotencyConflictError,
  'IdempotencyConflictError',
);

/**
 * A forced `preload` would lower the per-user limit below what a buyer already
 * holds or has bought. Nothing changed; release or wait out that buyer's holds, or
 * choose a higher limit.
 *
 * @see {@link isLimitConflictError} to recognise it
 * @group Errors
 * @category Sale
 */
export class LimitConflictError extends FlashSaleError {
  override readonly name = 'LimitConflictError' as const;
  /** A buyer whose units held + sold exceed the requested limit (the first one found). */
  readonly userId: string;
  /** The per-user limit that was refused. */
  readonly perUserLimit: number;
  /** The item whose limit was refused, or `null` for the sale's own limit. */
  readonly itemId: string | null;

  /**
   * @param saleId - the sale
   * @param perUserLimit - the refused limit
   * @param userId - a buyer over it
   * @param itemId - the item whose limit it is, or `null` for the sale's
   */
  constructor(saleId: string, perUserLimit: number, userId: string, itemId: string | null = null) {
    const of = itemId === null ? '' : ` of item ${JSON.stringify(itemId)}`;
    super(
      'LIMIT_CONFLICT',
      `perUserLimit ${String(perUserLimit)}${of} is below what buyer ${JSON.stringify(userId)} already holds or bought${of} in sale ${JSON.stringify(saleId)}`,
    );
    this.userId = userId;
    this.perUserLimit = perUserLimit;
    this.itemId = itemId;
  }
}

/**
 * True when `error` is a {@link LimitConflictError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isLimitConflictError = errorGuard(LimitConflictError, 'LimitConflictError');

/**
 * A sale's data in Redis is missing or malformed where the script needed it (a
 * key evicted under memory pressure, or edited by hand). The script stopped
 * before its first write, so nothing changed; the sale needs an operator.
 *
 * @see {@link isSaleDataError} to recognise it
 * @group Errors
 * @category Sale
 */
export class SaleDataError extends FlashSaleError {
  override readonly name = 'SaleDataError' as const;
  /** The sale whose data is damaged. */
  readonly saleId: string;

  /**
   * @param saleId - the sale
   * @param operation - what was attempted
   */
  constructor(saleId: string, operation: string) {
    super(
      'SALE_DATA',
      `${operation}: the data of sale ${JSON.stringify(saleId)} in Redis is missing or malformed (evicted or edited?); nothing was changed`,
    );
    this.saleId = saleId;
  }
}

/**
 * True when `error` is a {@link SaleDataError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isSaleDataError = errorGuard(SaleDataError, 'SaleDataError');

/**
 * A purchase, cart line, restock or item query named an item that is not in the
 * sale's catalog. Bad input: nothing was reserved or changed.
 *
 * @see {@link isUnknownItemError} to recognise it
 * @group Errors
 * @category Sale
 */
export class UnknownItemError extends FlashSaleError {
  override readonly name = 'UnknownItemError' as const;
  /** The sale. */
  readonly saleId: string;
  /** The item id that is not in the catalog. */
  readonly itemId: string;

  /**
   * @param saleId - the sale
   * @param itemId - the item id that is not in its catalog
   * @param operation - what was attempted
   */
  constructor(saleId: string, itemId: string, operation: string) {
    super(
      'UNKNOWN_ITEM',
      `${operation}: sale ${JSON.stringify(saleId)} has no item ${JSON.stringify(itemId)} in its catalog`,
    );
    this.saleId = saleId;
    this.itemId = itemId;
  }
}

/**
 * True when `error` is an {@link UnknownItemError}.
 * @function
 * @group Errors
 * @category Sale
 */
export const isUnknownItemError = errorGuard(UnknownItemError, 'UnknownItemError');
