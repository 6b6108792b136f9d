import type { SaleReference } from '../../sale/sale-reference.js';
import type { FlashSale } from '../../sale/flash-sale.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { saleContextOf } from '../../sale/sale-reference.js';
import { checked, textIdKind } from '../../shared/options/kinds.js';
import { DEFAULT_GROUP } from '../outbox/outbox-keys.js';
import { checkSink } from '../sink/check-sink.js';

/**
 * A sale the pipeline works on. The one place that says what counts as a sale
 * here, so changing how the pipeline reaches a sale changes this check alone.
 * @internal
 */
export function checkSale(argument: string, value: unknown): SaleReference {
  saleContextOf(value, argument);
  return value as SaleReference;
}

/** The `sale` option of the pipeline's classes. @internal */
export const saleKind = checked(checkSale);

/**
 * A sale the order modes buy from: a {@link SaleReference} with a FlashSale's
 * purchase methods (a FlashSale from either build, or a double). @internal
 */
export function checkPurchasingSale(argument: string, value: unknown): FlashSale {
  checkSale(argument, value);
  for (const method of ['tryPurchase', 'tryPurchaseCart', 'cancel', 'reservation']) {
    if (typeof Reflect.get(value as object, method) !== 'function') {
      throw new InvalidArgumentError(argument, value, `a FlashSale (it has no ${method} method)`);
    }
  }
  return value as FlashSale;
}

/** The `sale` option of the order modes. @internal */
export const purchasingSaleKind = checked(checkPurchasingSale);

/** The `sink` option: an object with a `write` method. @internal */
export const sinkKind = checked((argument, value) => checkSink(value, argument));

/** The `group` option: a consumer group name, `'orders'` unless told otherwise. @internal */
export const groupOption = textIdKind().default(DEFAULT_GROUP);
