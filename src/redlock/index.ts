/**
 * Multi-instance locking (Redlock) over independent Redis servers, built on the
 * optional `redlock` peer dependency. Import from `flash-sale/redlock`.
 * @module
 */

/** Placeholder until the Redlock adapter lands. */
export const REDLOCK_PLACEHOLDER = true;
