import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { FlashSale } from '../sale/flash-sale.js';
import type { SaleContext } from '../sale/sale-context.js';

/**
 * The client, keys and time limit of a {@link FlashSale}, so the order pipeline
 * works on the very sale the app configured instead of asking for its settings a
 * second time. `context` is private to the class, not to the package; the bracket
 * access is type-checked, so a rename in the core fails the build here.
 * @internal
 */
export function saleContextOf(sale: unknown, argument = 'sale'): SaleContext {
  if (!(sale instanceof FlashSale)) {
    throw new InvalidArgumentError(argument, sale, 'a FlashSale instance');
  }
  // eslint-disable-next-line @typescript-eslint/dot-notation -- package-internal access
  return sale['context'];
}
