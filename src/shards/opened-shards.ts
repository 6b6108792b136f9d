import type { FlashSale } from '../sale/flash-sale.js';
import type { SaleContext } from '../sale/sale-context.js';
import type { SoldOutMemory } from '../sale/sold-out/sold-out-memory.js';

/**
 * The opened shards of a sharded sale: each one's FlashSale, context and
 * sold-out memory, in shard order.
 * @internal
 */
export interface OpenedShards {
  readonly sales: readonly FlashSale[];
  readonly contexts: readonly SaleContext[];
  /** Each shard's context by its sale id. */
  readonly byId: ReadonlyMap<string, SaleContext>;
  /** Each shard's sold-out flags (shared with its FlashSale), when sold-out memory is on. */
  readonly memories: readonly (SoldOutMemory | undefined)[];
}

/** `list[index]`, which the caller knows exists. @internal */
export function at<T>(list: readonly T[], index: number): T {
  const found = list[index];
  if (found === undefined) throw new RangeError(`no shard ${String(index)}`);
  return found;
}
