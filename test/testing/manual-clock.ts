/** A clock a test moves by hand, for `createInMemoryRedis({ now })`. */
export interface ManualClock {
  readonly now: () => number;
  /** Moves the clock by `ms` (backwards when negative). */
  advance(ms: number): void;
}

/**
 * A clock that starts at `startMs` and moves only when told. Start it at the
 * real time or later: ioredis-mock expires keys by the real clock, so a sale
 * dated in the past would see its keys expire at once.
 */
export function manualClock(startMs = Date.now()): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}
