import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { SaleContext } from '../sale/sale-context.js';
import { registeredContext } from '../sale/sale-registry.js';

/**
 * The client, keys and time limit of a {@link FlashSale}, so the order pipeline
 * works on the very sale the app configured instead of asking for its settings a
 * second time.
 * @internal
 */
export function saleContextOf(sale: unknown, argument = 'sale'): SaleContext {
  const context = registeredContext(sale);
  if (context === undefined) throw new InvalidArgumentError(argument, sale, 'a FlashSale instance');
  return context;
}
