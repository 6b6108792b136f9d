import type { FlashSale } from '../../sale/flash-sale.js';
import type { SaleReference } from '../../sale/sale-reference.js';

/**
 * What {@link QueuedOrders} and {@link InRequestOrders} need of a sale: a
 * {@link SaleReference} (the order status is read from the sale's keys) with the
 * two {@link FlashSale} methods they call, `tryPurchase` and `cancel`. Every
 * `FlashSale` is one, from the ESM or the CommonJS build alike, and so is a test
 * double with those fields and methods.
 *
 * @example
 * ```ts
 * import { QueuedOrders, type PurchasingSale } from 'flash-sale';
 *
 * declare const sale: PurchasingSale; // a FlashSale, or a double of one
 * const orders = new QueuedOrders({ sale });
 * ```
 * @group Order pipeline
 */
export type PurchasingSale = SaleReference & Pick<FlashSale, 'tryPurchase' | 'cancel'>;
