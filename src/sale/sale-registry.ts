import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import type { SaleContext } from './sale-context.js';

/**
 * Each FlashSale's validated client, keys and time limit, for the other parts of
 * the package (the order pipeline, the sweeper) that work on a sale the app already
 * configured. Not exported from the package.
 * @internal
 */
const CONTEXTS = new WeakMap<object, SaleContext>();

/** Called by the FlashSale constructor. @internal */
export function registerSale(sale: object, context: SaleContext): void {
  CONTEXTS.set(sale, context);
}

/**
 * The client, keys and time limit of a FlashSale, so the order pipeline and the
 * sweeper work on the very sale the app configured instead of asking for its
 * settings a second time.
 * @internal
 */
export function saleContextOf(sale: unknown, argument = 'sale'): SaleContext {
  const context = typeof sale === 'object' && sale !== null ? CONTEXTS.get(sale) : undefined;
  if (context === undefined) throw new InvalidArgumentError(argument, sale, 'a FlashSale instance');
  return context;
}
