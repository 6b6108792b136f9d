import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';

/**
 * {@link recoverSale} found the sale still in Redis and was not told `force`.
 * Nothing changed: recovering onto a live sale is only for a sale that lost part
 * of its records, and must be asked for.
 *
 * @see {@link isSaleStillLoadedError} to recognise it
 * @group Errors
 * @category Order pipeline
 */
export class SaleStillLoadedError extends FlashSaleError {
  override readonly name = 'SaleStillLoadedError' as const;
  /** The sale that is still loaded. */
  readonly saleId: string;

  /** @param saleId - the sale that is still loaded */
  constructor(saleId: string) {
    super(
      'SALE_STILL_LOADED',
      `recoverSale: sale ${JSON.stringify(saleId)} is still loaded in Redis; pass force: true to recover onto it`,
    );
    this.saleId = saleId;
  }
}

/**
 * True when `error` is a {@link SaleStillLoadedError}.
 * @function
 * @group Errors
 * @category Order pipeline
 */
export const isSaleStillLoadedError = errorGuard(SaleStillLoadedError, 'SaleStillLoadedError');
