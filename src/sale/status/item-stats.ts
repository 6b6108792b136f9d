import { runSaleScript, type SaleContext } from '../sale-context.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { readArray } from '../../shared/validate/read-array.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { itemId } from '../catalog/item-id.js';

/**
 * Most items one {@link FlashSale.itemStats} call reads.
 * @group Options
 * @category Sale
 */
export const MAX_ITEM_STATS_PAGE = 1000;

/**
 * One item's numbers. Conservation always holds per item:
 * `available + held + sold === loaded + restocked - withdrawn`.
 * @group Results
 * @category Sale
 */
export interface ItemStats {
  /** The item. */
  readonly item: string;
  /** Stock given to the last preload that listed it. */
  readonly loaded: number;
  /** Units added by restock since. */
  readonly restocked: number;
  /** Units withdrawn by restock since. */
  readonly withdrawn: number;
  /** Units that can be bought now (overdue holds not yet released count as held). */
  readonly available: number;
  /** Units held, awaiting payment. */
  readonly held: number;
  /** Units sold (confirmed). */
  readonly sold: number;
  /** Most units of it one user may hold or have bought, or `null` when only the sale's limit applies. */
  readonly perUserLimit: number | null;
}

/**
 * What {@link FlashSale.itemStats} answers: each asked item's numbers (`null` for
 * an id the catalog does not have), read at one instant.
 * @group Results
 * @category Sale
 */
export interface ItemStatsPage {
  /** Redis's clock when the numbers were read (Unix epoch ms). */
  readonly nowMs: number;
  /** False when the sale is not loaded (every item is then `null`). */
  readonly loaded: boolean;
  /** In the order asked. */
  readonly items: readonly (ItemStats | null)[];
}

const ITEM = /^(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$/;

function decodeItem(item: string, text: unknown): ItemStats | null {
  if (text === '') return null;
  const match = typeof text === 'string' ? ITEM.exec(text) : null;
  if (match === null) {
    throw new RedisCommandError('itemStats', `unexpected item ${item}: ${String(text)}`);
  }
  const [available, held, sold, loaded, restocked, withdrawn, limit] = match.slice(1).map(Number);
  return {
    item,
    loaded: loaded ?? 0,
    restocked: restocked ?? 0,
    withdrawn: withdrawn ?? 0,
    available: available ?? 0,
    held: held ?? 0,
    sold: sold ?? 0,
    perUserLimit: limit === 0 || limit === undefined ? null : limit,
  };
}

/**
 * The item ids an itemStats call asks for, checked (nothing read).
 * @internal
 */
export function itemStatsIds(items: unknown): string[] {
  const given = readArray('items', items, 'an array of item ids');
  if (given.length === 0 || given.length > MAX_ITEM_STATS_PAGE) {
    throw new InvalidArgumentError('items', items, `1-${String(MAX_ITEM_STATS_PAGE)} item ids`);
  }
  return given.map((id, index) => itemId(`items[${String(index)}]`, id));
}

/** @internal */
export async function itemStats(context: SaleContext, items: unknown): Promise<ItemStatsPage> {
  const ids = itemStatsIds(items);
  const reply = replyList(
    'itemStats',
    await runSaleScript(context, SALE_SCRIPTS.itemStats, 'itemStats', ids),
  );
  return {
    nowMs: replyNumber('itemStats', reply, 0),
    loaded: replyNumber('itemStats', reply, 1) === 1,
    items: ids.map((id, index) => decodeItem(id, reply[index + 2])),
  };
}
