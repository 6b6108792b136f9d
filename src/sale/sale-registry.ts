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

/** The context of a FlashSale of this copy of the package, or undefined. @internal */
export function registeredContext(sale: unknown): SaleContext | undefined {
  return typeof sale === 'object' && sale !== null ? CONTEXTS.get(sale) : undefined;
}
