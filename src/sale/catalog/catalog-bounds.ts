/**
 * Largest stock of one item (kept well inside exact double arithmetic in Lua).
 * @group Options
 * @category Sale
 */
export const MAX_STOCK = 1_000_000_000;
/**
 * Largest per-user limit, of the sale or of an item.
 * @group Options
 * @category Sale
 */
export const MAX_PER_USER_LIMIT = 1_000_000;
/**
 * Most items one preload may list. A catalog is loaded in chunks of
 * {@link PRELOAD_CHUNK_ITEMS}, one script call each, so Redis is never blocked
 * for long.
 * @group Options
 * @category Sale
 */
export const MAX_CATALOG_ITEMS = 100_000;
/**
 * Items loaded per preload script call.
 * @group Options
 * @category Sale
 */
export const PRELOAD_CHUNK_ITEMS = 1000;
