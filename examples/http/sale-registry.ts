import type { ShopSale } from './shop-sale.js';
import { UnknownSaleError } from './unknown-sale-error.js';

/**
 * The sales a server runs, by sale id. One `FlashSale` per sale, created once at
 * start-up and shared by every request: it batches concurrent purchases into
 * single script calls, which only works when requests share the instance.
 */
export type SaleRegistry = ReadonlyMap<string, ShopSale>;

/** The sale named in the URL, or {@link UnknownSaleError} (mapped to 404). */
export function saleFrom(sales: SaleRegistry, saleId: string | undefined): ShopSale {
  const sale = saleId === undefined ? undefined : sales.get(saleId);
  if (sale === undefined) throw new UnknownSaleError(saleId ?? '');
  return sale;
}
