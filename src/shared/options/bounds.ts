/**
 * Bounds that more than one options type uses, written once. An option whose
 * value is handed to another entry point takes its bound from here, so the two
 * can never disagree (the sweeper once accepted batches `expire` refused).
 */

/** One second, in milliseconds. @internal */
export const SECOND_MS = 1_000;
/** One hour, in milliseconds. @internal */
export const HOUR_MS = 3_600_000;
/** One day, in milliseconds. @internal */
export const DAY_MS = 86_400_000;

/** The longest delay `setTimeout` honours (2³¹ − 1 ms); longer ones fire at once. @internal */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Most overdue holds one `FlashSale.expire` call releases, and so the largest
 * `maxReleasesPerCall` of an `ExpirySweeper`: keeps one call short and its reply
 * within Lua's `unpack` limit.
 * @group Options
 * @category Order pipeline
 */
export const MAX_RELEASES_PER_CALL = 2_000;

/** Default number of holds one expiry call releases (`expire` and `ExpirySweeper`). @internal */
export const DEFAULT_RELEASES_PER_CALL = 500;
