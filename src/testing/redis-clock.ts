/**
 * A correct `TIME` for the in-memory backend.
 *
 * ioredis-mock 8 answers `TIME` with the wall clock's seconds rounded to the
 * nearest second, followed by the process's `hrtime` nanoseconds as
 * microseconds: a value up to 1.5 s off that jumps back and forth. The library
 * decides every deadline by `TIME`, so on that clock a hold of 2 s could end
 * after 0.5 s. Its Lua calls cannot be intercepted from outside (the mock calls
 * its own command table), so every script defined on an in-memory client gets a
 * short prelude: the caller appends the time as two extra arguments, and the
 * prelude removes them from `ARGV` and answers `redis.call('TIME')` with them.
 */

/** Where the in-memory clock stands: the time source and the last value handed out. */
export interface ClockState {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** The last microsecond timestamp answered, so the clock never goes back. */
  lastMicros: number;
}

/** Prepended to every script: takes the two trailing clock arguments out of ARGV. */
export const CLOCK_PRELUDE = `local flash_sale_clock = { ARGV[#ARGV - 1], ARGV[#ARGV] }
ARGV[#ARGV] = nil
ARGV[#ARGV] = nil
do
  local call, pcall = redis.call, redis.pcall
  local function clocked(inner)
    return function(command, ...)
      if type(command) == 'string' and string.upper(command) == 'TIME' then
        return { flash_sale_clock[1], flash_sale_clock[2] }
      end
      return inner(command, ...)
    end
  end
  redis.call = clocked(call)
  redis.pcall = clocked(pcall)
end
`;

/** `TIME` as Redis answers it: seconds and microseconds, as decimal strings; never decreasing. */
export function readClock(clock: ClockState): [string, string] {
  const micros = Math.max(clock.lastMicros, Math.floor(clock.now() * 1000));
  clock.lastMicros = micros;
  return [String(Math.floor(micros / 1_000_000)), String(micros % 1_000_000)];
}
