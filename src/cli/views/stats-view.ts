import type { FlashSale, ItemStats, SaleStats } from 'flash-sale';
import type { Output } from '../output/output.js';
import { formatPairs, formatTable, isoTime, type Column } from '../output/table.js';

/** The sale's numbers and its items', as `stats` and each `watch` refresh print them. */
export interface StatsSnapshot {
  readonly sale: SaleStats;
  /** Items by id; at most `maxItems` of them. */
  readonly items: readonly ItemStats[];
  /** True when the catalog has more items than were read. */
  readonly itemsTruncated: boolean;
}

/** itemStats takes at most this many ids per call (MAX_ITEM_STATS_PAGE). */
const ITEM_STATS_PAGE = 1000;

/**
 * Reads the sale's stats, then its catalog's ids a page at a time (itemIds) and
 * their numbers (itemStats, up to 1000 per round trip), stopping at `maxItems`.
 * The sale's numbers and the items' are read at nearby instants, not at one.
 */
export async function readSnapshot(sale: FlashSale, maxItems: number): Promise<StatsSnapshot> {
  const stats = await sale.stats();
  const ids: string[] = [];
  let cursor: string | null = null;
  if (stats.phase !== 'not_loaded' && maxItems > 0) {
    do {
      const page = await sale.itemIds(cursor === null ? {} : { cursor });
      ids.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== null && ids.length < maxItems);
  }
  const wanted = [...new Set(ids)].sort().slice(0, maxItems);
  const items: ItemStats[] = [];
  for (let at = 0; at < wanted.length; at += ITEM_STATS_PAGE) {
    const page = await sale.itemStats(wanted.slice(at, at + ITEM_STATS_PAGE));
    for (const item of page.items) if (item !== null) items.push(item);
  }
  return { sale: stats, items, itemsTruncated: items.length < stats.items };
}

const ITEM_COLUMNS: readonly Column<ItemStats>[] = [
  { heading: 'item', cell: (item) => item.item },
  { heading: 'available', cell: (item) => item.available },
  { heading: 'held', cell: (item) => item.held },
  { heading: 'sold', cell: (item) => item.sold },
  { heading: 'loaded', cell: (item) => item.loaded },
  { heading: 'restocked', cell: (item) => item.restocked },
  { heading: 'withdrawn', cell: (item) => item.withdrawn },
  { heading: 'per-user limit', cell: (item) => item.perUserLimit },
];

/** Prints a snapshot: one JSON line, or the sale's numbers and a table of its items. */
export function printSnapshot(out: Output, snapshot: StatsSnapshot): void {
  if (out.jsonMode) {
    out.json(snapshot);
    return;
  }
  const { sale } = snapshot;
  out.text(
    formatPairs([
      ['sale', sale.saleId],
      ['phase', sale.phase],
      ['now', isoTime(sale.nowMs)],
      ['available', sale.available],
      ['held', sale.held],
      ['overdue holds', sale.overdueHolds],
      ['sold', sale.sold],
      ['loaded', sale.loaded],
      ['restocked', sale.restocked],
      ['withdrawn', sale.withdrawn],
      ['per-user limit', sale.perUserLimit],
      ['items', sale.items],
      ['hold ms', sale.holdMs],
      ['starts', isoTime(sale.startMs)],
      ['ends', isoTime(sale.endMs)],
      ['keys expire', isoTime(sale.expiresAtMs)],
    ]),
  );
  if (snapshot.items.length > 0) {
    out.text('');
    out.text(formatTable(ITEM_COLUMNS, snapshot.items));
  }
  if (snapshot.itemsTruncated) {
    out.text(
      `(${String(snapshot.items.length)} of ${String(sale.items)} items shown: raise --max-items)`,
    );
  }
}
