import type { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { InvalidArgumentError } from 'flash-sale';
import { CLOCK_PRELUDE, readClock, type ClockState } from './redis-clock.js';
import { isPlainObject } from '../shared/options/plain-object.js';

/**
 * Options of {@link createInMemoryRedis}.
 * @group Options
 */
export interface InMemoryRedisOptions {
  /**
   * The clock Redis's `TIME` reads, in milliseconds since the epoch. It decides
   * every deadline and the sale window, so a test can pass a deadline without
   * waiting by moving this clock forward. `TIME` never goes back, even when this
   * function does (as Redis's own clock on one server).
   * @defaultValue `Date.now` (so vitest's or Jest's fake timers move it too)
   */
  readonly now?: () => number;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** What the clock fix touches of an ioredis-mock instance (none of it is in its types). */
interface MockInternals {
  defineCommand: (name: string, definition: { numberOfKeys?: number; lua: string }) => void;
  duplicate: AnyFunction;
  time: AnyFunction;
  customCommands: Record<string, AnyFunction>;
  [command: string]: unknown;
}

let datasets = 0;

/**
 * An in-memory Redis for unit tests, in this process, with nothing to start: the
 * library's Lua scripts run on it (ioredis-mock, bundled, with a correct clock).
 * Each call makes an empty dataset of its own; `duplicate()` shares it.
 *
 * Limits (see docs/testing.md): one process only; Lua 5.3 (fengari) instead of
 * Redis's 5.1; no consumer groups, so an `OutboxWorker` cannot run on it;
 * no Cluster; far slower than Redis, so never a benchmark.
 *
 * @example
 * ```ts
 * const redis = createInMemoryRedis();
 * const sale = new FlashSale({ redis, saleId: 'drop' });
 * ```
 *
 * @param options - the clock `TIME` reads
 * @returns a client typed as ioredis' `Redis`
 * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `options` is not an
 *   object or `now` is not a function
 * @group Testing
 */
export function createInMemoryRedis(options: InMemoryRedisOptions = {}): Redis {
  const given: unknown = options; // checked apart, so `options` keeps its type below
  if (!isPlainObject(given)) {
    throw new InvalidArgumentError('options', options, 'an object');
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new InvalidArgumentError('now', now, 'a function');
  datasets += 1;
  // ioredis-mock shares data between instances with the same host, port and db:
  // a host of its own gives this client a dataset of its own.
  const client = new RedisMock({ host: `flash-sale-in-memory-${String(datasets)}` });
  return withRedisClock(client, { now, lastMicros: 0 });
}

/** Makes `client`, and every duplicate of it, answer `TIME` from `clock`. */
function withRedisClock(client: Redis, clock: ClockState): Redis {
  const mock = client as unknown as MockInternals;
  const define = mock.defineCommand.bind(client);
  mock.defineCommand = (name, definition) => {
    // Without numberOfKeys the mock takes every argument as a key, and there is
    // no ARGV to carry the clock: such a script keeps the mock's own TIME.
    if (typeof definition.numberOfKeys !== 'number') {
      define(name, definition);
      return;
    }
    define(name, { ...definition, lua: CLOCK_PRELUDE + definition.lua });
    const run = mock[name] as AnyFunction;
    const clocked: AnyFunction = (...args) => {
      const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
      // Read when the script runs: the mock runs it synchronously in this call.
      return run(...args, ...readClock(clock), ...(callback === undefined ? [] : [callback]));
    };
    mock[name] = clocked;
    mock.customCommands[name] = clocked; // what pipelines and MULTI copy
  };
  mock.time = (callback?: unknown) => {
    const answer = Promise.resolve(readClock(clock));
    if (typeof callback === 'function') {
      answer.then((time) => (callback as AnyFunction)(null, time), callback as AnyFunction);
    }
    return answer;
  };
  const duplicate = mock.duplicate.bind(client);
  mock.duplicate = (...args) => withRedisClock(duplicate(...args) as Redis, clock);
  return client;
}
