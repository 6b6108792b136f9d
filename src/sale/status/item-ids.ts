import type { SaleContext } from '../sale-context.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { defineOptions } from '../../shared/options/define-options.js';
import { checked, integer } from '../../shared/options/kinds.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { callRedis } from '../../shared/redis/call-redis.js';

/**
 * Options of {@link FlashSale.itemIds}.
 * @group Options
 * @category Sale
 */
export interface ItemIdsOptions {
  /**
   * About how many catalog entries to read (1 to 1000; Redis's `HSCAN COUNT`, a
   * hint: a small catalog comes back whole in one page).
   * @defaultValue `500`
   */
  readonly count?: number;
  /**
   * Resume after the previous page: its {@link ItemIdsPage.cursor}.
   * @defaultValue none
   */
  readonly cursor?: string;
}

/**
 * One page of a sale's catalog, in no particular order.
 * @group Results
 * @category Sale
 */
export interface ItemIdsPage {
  /** Item ids of the page (possibly none, even when more follow). */
  readonly items: readonly string[];
  /**
   * Pass as {@link ItemIdsOptions.cursor} for the next page; `null` when the catalog
   * has been read. An item in the catalog for the whole listing is listed at least once.
   */
  readonly cursor: string | null;
}

const ITEM_FIELD = 'item:';

/** The options of `itemIds`. @internal */
export const ITEM_IDS_SPEC = defineOptions<ItemIdsOptions>()('itemIds', {
  count: integer(1, 1000).default(500),
  cursor: checked((argument, value): string => {
    if (typeof value !== 'string' || !/^[1-9]\d{0,19}$/.test(value)) {
      throw new InvalidArgumentError(argument, value, 'a cursor of a page of itemIds');
    }
    return value;
  }).optional(),
});

/**
 * Defaults of {@link ItemIdsOptions}.
 * @group Options
 * @category Sale
 */
export const ITEM_IDS_DEFAULTS = ITEM_IDS_SPEC.defaults;

/**
 * A page of the catalog's item ids: an `HSCAN` of the sale's meta hash for its
 * `item:<id>` fields, one round trip. Read only.
 * @internal
 */
export async function itemIds(context: SaleContext, options: unknown): Promise<ItemIdsPage> {
  const { count, cursor } = resolveOptions(ITEM_IDS_SPEC, options);
  const reply: unknown = await callRedis(
    'itemIds',
    context.commandTimeoutMs,
    context.client.hscan(
      context.keys.meta,
      cursor ?? '0',
      'MATCH',
      `${ITEM_FIELD}*`,
      'COUNT',
      count,
    ),
  );
  const [next, fields] = Array.isArray(reply) ? (reply as unknown[]) : [];
  if (typeof next !== 'string' || !Array.isArray(fields)) {
    throw new RedisCommandError('itemIds', `unexpected reply ${JSON.stringify(reply)}`);
  }
  const items: string[] = [];
  for (let index = 0; index < fields.length; index += 2) {
    const field = String(fields[index]);
    if (field.startsWith(ITEM_FIELD)) items.push(field.slice(ITEM_FIELD.length));
  }
  return { items, cursor: next === '0' ? null : next };
}
