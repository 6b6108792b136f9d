import type { PreloadOptions } from '../sale/ops/preload-options.js';
import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';

/** Shard `index`'s part of `units` split over `count` shards: the first ones take the remainder. */
function part(units: unknown, index: number, count: number): unknown {
  // a bad value goes through unchanged, for the shard's own preload to refuse by name
  if (typeof units !== 'number' || !Number.isSafeInteger(units) || units < 0) return units;
  return Math.floor(units / count) + (index < units % count ? 1 : 0);
}

/**
 * Each shard's preload: the same rules, each item's stock split as evenly as it
 * goes (shards 0… take one more unit each while a remainder lasts).
 * @internal
 */
export function splitPreload(options: PreloadOptions, count: number): PreloadOptions[] {
  if ((options as unknown) === null || typeof options !== 'object') {
    throw new InvalidArgumentError('options', options, 'an options object of preload');
  }
  if (options.force === true) {
    throw new InvalidArgumentError(
      'force',
      options.force,
      'left out: a sharded sale cannot be preloaded again with other settings (its stock has moved between shards)',
    );
  }
  return Array.from({ length: count }, (_, index): PreloadOptions => {
    if (options.items === undefined) {
      return { ...options, stock: part(options.stock, index, count) as number };
    }
    if (!Array.isArray(options.items)) return options; // refused by the shard's preload
    return {
      ...options,
      items: options.items.map((item: unknown) =>
        typeof item === 'object' && item !== null && 'stock' in item
          ? { ...item, stock: part(item.stock, index, count) }
          : item,
      ),
    } as PreloadOptions;
  });
}
