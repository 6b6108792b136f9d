import type { FlashSale } from '../../sale/flash-sale.js';
import { saleContextOf } from '../../sale/sale-registry.js';
import { checked, textIdKind } from '../../shared/options/kinds.js';
import { DEFAULT_GROUP } from '../outbox/outbox-keys.js';
import { checkSink } from '../sink/check-sink.js';

/**
 * A sale the pipeline works on. The one place that says what counts as a sale
 * here, so changing how the pipeline reaches a sale changes this check alone.
 * @internal
 */
export function checkSale(argument: string, value: unknown): FlashSale {
  saleContextOf(value, argument);
  return value as FlashSale;
}

/** The `sale` option of the pipeline's classes. @internal */
export const saleKind = checked(checkSale);

/** The `sink` option: an object with a `write` method. @internal */
export const sinkKind = checked((argument, value) => checkSink(value, argument));

/** The `group` option: a consumer group name, `'orders'` unless told otherwise. @internal */
export const groupOption = textIdKind().default(DEFAULT_GROUP);
