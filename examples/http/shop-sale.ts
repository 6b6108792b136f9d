/**
 * What a shop server knows about one sale: the library's `FlashSale` (stock,
 * holds, the clock), its queued order mode, and the listing the page shows
 * (names and prices: shop data the library does not keep).
 */
import { QueuedOrders, type FlashSale } from '../../src/index.js';

/** One item as the page lists it. */
export interface ItemListing {
  /** Stable id, sent back with a purchase (`item` in the body). */
  readonly itemId: string;
  readonly name: string;
  /** Price in minor units (cents), so no float rounding reaches the page. */
  readonly priceCents: number;
  /** ISO 4217 code, e.g. `'EUR'`. */
  readonly currency: string;
}

/** A sale as the page lists it. */
export interface SaleListing {
  readonly title: string;
  /** The items on sale. A `FlashSale` is one item today; the page renders any number. */
  readonly items: readonly ItemListing[];
}

/** One sale of a shop server. */
export interface ShopSale {
  readonly sale: FlashSale;
  /** Purchases answer at once; an `OutboxWorker` places the orders. */
  readonly orders: QueuedOrders;
  readonly listing: SaleListing;
}

/**
 * A shop sale; without a listing, one item named after the sale, at no price.
 * A `FlashSale` sells one item, so its listing has exactly one.
 */
export function shopSale(sale: FlashSale, listing?: SaleListing): ShopSale {
  const shown = listing ?? {
    title: sale.saleId,
    items: [{ itemId: sale.saleId, name: sale.saleId, priceCents: 0, currency: 'EUR' }],
  };
  if (shown.items.length !== 1) {
    throw new Error(
      `sale ${sale.saleId} sells one item; its listing has ${String(shown.items.length)}`,
    );
  }
  return { sale, orders: new QueuedOrders({ sale }), listing: shown };
}
