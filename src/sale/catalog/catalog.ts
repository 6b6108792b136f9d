import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { readArray } from '../../shared/validate/read-array.js';
import { isPlainObject } from '../../shared/options/plain-object.js';
import {
  MAX_CATALOG_ITEMS,
  MAX_PER_USER_LIMIT,
  MAX_STOCK,
  PRELOAD_CHUNK_ITEMS,
} from './catalog-bounds.js';
import { itemId } from './item-id.js';

/** One catalog item, checked; `limit` 0 means none of its own. @internal */
export interface ResolvedItem {
  readonly id: string;
  readonly stock: number;
  readonly limit: number;
}

/** Each catalog item's own limit when it gives none. */
const ITEM_LIMIT_DEFAULT = 1;

function readItem(name: string, value: unknown): Record<'id' | 'stock' | 'perUserLimit', unknown> {
  if (!isPlainObject(value)) {
    throw new InvalidArgumentError(name, value, 'an object { id, stock, perUserLimit? }');
  }
  try {
    const unknownKey = Object.keys(value).find(
      (key) => key !== 'id' && key !== 'stock' && key !== 'perUserLimit',
    );
    if (unknownKey !== undefined) {
      throw new InvalidArgumentError(
        `${name}.${unknownKey}`,
        value[unknownKey],
        'left out: a catalog item has id, stock and perUserLimit',
      );
    }
    return { id: value['id'], stock: value['stock'], perUserLimit: value['perUserLimit'] };
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw error;
    throw new InvalidArgumentError(name, value, 'a readable object', { cause: error });
  }
}

/**
 * A catalog, checked: 1 to {@link MAX_CATALOG_ITEMS} items, each id once.
 * @internal
 */
export function catalogItems(value: unknown): ResolvedItem[] {
  const given = readArray('items', value, 'an array of catalog items');
  if (given.length === 0 || given.length > MAX_CATALOG_ITEMS) {
    throw new InvalidArgumentError('items', value, `1-${String(MAX_CATALOG_ITEMS)} items`);
  }
  const seen = new Set<string>();
  return given.map((entry, index) => {
    const name = `items[${String(index)}]`;
    const item = readItem(name, entry);
    const id = itemId(`${name}.id`, item.id);
    if (seen.has(id)) throw new InvalidArgumentError(`${name}.id`, id, 'an id not listed before');
    seen.add(id);
    return {
      id,
      stock: integerInRange(`${name}.stock`, item.stock, 0, MAX_STOCK),
      limit: integerInRange(
        `${name}.perUserLimit`,
        item.perUserLimit === undefined ? ITEM_LIMIT_DEFAULT : item.perUserLimit,
        1,
        MAX_PER_USER_LIMIT,
      ),
    };
  });
}

/**
 * A digest of the catalog as given, so the same preload again is recognised as
 * unchanged from its first chunk alone. @internal
 */
export function catalogDigest(items: readonly ResolvedItem[]): string {
  const hash = createHash('sha1');
  for (const item of items) hash.update(`${item.id}:${String(item.stock)}:${String(item.limit)};`);
  return hash.digest('base64url');
}

/** The catalog in chunks of {@link PRELOAD_CHUNK_ITEMS}, one script call each. @internal */
export function catalogChunks(items: readonly ResolvedItem[]): ResolvedItem[][] {
  const chunks: ResolvedItem[][] = [];
  for (let from = 0; from < items.length; from += PRELOAD_CHUNK_ITEMS) {
    chunks.push(items.slice(from, from + PRELOAD_CHUNK_ITEMS));
  }
  return chunks;
}
