import { SaleNotLoadedError } from '../../../sale/errors/sale-errors.js';

/**
 * What a pipeline script answers when the sale's meta key does not exist (the
 * sale's keys expired, or it was never loaded): it wrote nothing
 * (lib/keep-with-sale.lua). The only reply code of the family, mapped here only.
 */
const SALE_GONE = -1;

/**
 * Passes a pipeline script's reply through, or throws {@link SaleNotLoadedError}
 * when the script found the sale gone.
 * @internal
 */
export function unlessSaleGone(reply: unknown, saleId: string, operation: string): unknown {
  if (reply === SALE_GONE) throw new SaleNotLoadedError(saleId, operation);
  return reply;
}
