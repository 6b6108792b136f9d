import type { SaleReference } from '../../sale/sale-reference.js';
import type { PurchasingSale } from './purchasing-sale.js';
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

/** The methods of a {@link PurchasingSale}: those the order modes call. */
const PURCHASING_METHODS = ['tryPurchase', 'cancel'] as const;

/**
 * A sale the order modes buy from: a {@link SaleReference} with the FlashSale
 * methods they call (a FlashSale from either build, or a double). @internal
 */
export function checkPurchasingSale(argument: string, value: unknown): PurchasingSale {
  checkSale(argument, value);
  for (const method of PURCHASING_METHODS) {
    let found: unknown;
    try {
      found = Reflect.get(value as object, method);
    } catch (error) {
      throw new InvalidArgumentError(`${argument}.${method}`, '<unreadable>', 'a function', {
        cause: error,
      });
    }
    if (typeof found !== 'function') {
      throw new InvalidArgumentError(
        `${argument}.${method}`,
        found,
        'a function (a FlashSale method)',
      );
    }
  }
  return value as PurchasingSale;
}

/** The `sale` option of the order modes. @internal */
export const purchasingSaleKind = checked(checkPurchasingSale);

/** The `sink` option: an object with a `write` method. @internal */
export const sinkKind = checked((argument, value) => checkSink(value, argument));

/** The `group` option: a consumer group name, `'orders'` unless told otherwise. @internal */
export const groupOption = textIdKind().default(DEFAULT_GROUP);
