/**
 * What the page polls: a sale's window by Redis's clock and its items with live
 * availability. One stats read per sale; cheap enough to poll every second.
 */
import type { SalePhase } from '../../src/index.js';
import type { ShopSale } from './shop-sale.js';
import type { SaleRegistry } from './sale-registry.js';

/** One item with its live numbers. */
export interface CatalogItem {
  readonly itemId: string;
  readonly name: string;
  readonly priceCents: number;
  readonly currency: string;
  /** Units that can be bought now. */
  readonly available: number;
  /** Units put on sale (loaded + restocked − withdrawn). */
  readonly total: number;
}

/** The JSON of `GET /sales/:saleId/catalog`. */
export interface CatalogView {
  readonly saleId: string;
  readonly title: string;
  readonly phase: SalePhase;
  /** Redis's clock when read: the page counts down by it, not by the browser's clock. */
  readonly nowMs: number;
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly holdMs: number;
  readonly perUserLimit: number;
  readonly items: readonly CatalogItem[];
}

/** The catalog of one sale, read now. */
export async function catalogView({ sale, listing }: ShopSale): Promise<CatalogView> {
  const stats = await sale.stats();
  const total = stats.loaded + stats.restocked - stats.withdrawn;
  return {
    saleId: stats.saleId,
    title: listing.title,
    phase: stats.phase,
    nowMs: stats.nowMs,
    startMs: stats.startMs,
    endMs: stats.endMs,
    holdMs: stats.holdMs,
    perUserLimit: stats.perUserLimit,
    // A FlashSale is one item (shopSale checks the listing has exactly one).
    items: listing.items.map((item) => ({ ...item, available: stats.available, total })),
  };
}

/** The JSON of `GET /sales`: which sales the server runs, for the page to pick from. */
export function saleList(sales: SaleRegistry): { saleId: string; title: string }[] {
  return [...sales.values()].map(({ sale, listing }) => ({
    saleId: sale.saleId,
    title: listing.title,
  }));
}
