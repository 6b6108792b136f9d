/** The lock implementations under test, each reduced to "acquire, then release". */
import { Redis } from 'ioredis';
import Redlock from 'redlock';
import { Mutex } from 'redis-semaphore';
import { RedisLock, type Locker } from '../../src/lock/index.js';
import { MultiRedisLock } from '../../src/redlock/index.js';

/** One acquire/release pair on `key`, waiting for the lock if it is held. */
export type Pair = (key: string) => Promise<void>;

/** A library under test: `connect` builds one contender on its own connection(s). */
export interface Contender {
  readonly name: string;
  readonly settings: string;
  /** Returns a pair function and a cleanup for one contender. */
  connect(ports: readonly number[]): { pair: Pair; close: () => void };
}

const TTL_MS = 10_000;
const WAIT_MS = 60_000;

/**
 * A contender on the first `servers` of the ports it is given, one fresh connection
 * each; `makePair` builds its pair function on those connections.
 */
function contender(
  name: string,
  settings: string,
  servers: number,
  makePair: (clients: [Redis, ...Redis[]]) => Pair,
): Contender {
  return {
    name,
    settings,
    connect(ports) {
      const [first, ...rest] = ports.slice(0, servers).map((port) => new Redis({ port }));
      if (first === undefined) throw new Error(`${name}: no server port`);
      const list: [Redis, ...Redis[]] = [first, ...rest];
      return {
        pair: makePair(list),
        close: () => {
          for (const client of list) client.disconnect();
        },
      };
    },
  };
}

/** This package's locks, through the shared {@link Locker} interface. */
function lockerPair(locks: Locker): Pair {
  return async (key) => {
    const result = await locks.acquire(key, { waitMs: WAIT_MS });
    if (!result.acquired) throw new Error(`not acquired: ${result.reason}`);
    await result.lock.release();
  };
}

const LOCK_OPTIONS = { ttlMs: TTL_MS, retryDelayMs: 5, maxRetryDelayMs: 50 };

/** This package, single instance. */
export const redisLock = contender(
  'flash-sale RedisLock',
  'full jitter 5..50 ms; fencing token included',
  1,
  ([client]) => lockerPair(new RedisLock({ redis: client, ...LOCK_OPTIONS })),
);

/** This package, Redlock variant, over as many servers as it is given. */
export function multiRedisLock(servers: number): Contender {
  return contender(
    `flash-sale MultiRedisLock ×${servers}`,
    `${servers} server(s); full jitter 5..50 ms; 2-phase fencing`,
    servers,
    (clients) => lockerPair(new MultiRedisLock({ servers: clients, ...LOCK_OPTIONS })),
  );
}

/** redis-semaphore 5.8 `Mutex`, a fresh instance (identifier) per pair as intended. */
export const semaphoreMutex = contender(
  'redis-semaphore Mutex',
  'retryInterval 5 ms; auto-refresh off',
  1,
  ([client]) =>
    async (key) => {
      const mutex = new Mutex(client, key, {
        lockTimeout: TTL_MS,
        acquireTimeout: WAIT_MS,
        retryInterval: 5,
        refreshInterval: 0,
      });
      await mutex.acquire();
      await mutex.release();
    },
);

/** redlock 4.2 on a single server, used directly. */
export const redlock4 = contender(
  'redlock 4.2 (1 server)',
  'retryDelay 5 ms ± 5 ms jitter, unlimited retries',
  1,
  (clients) => {
    // redlock 4 only calls evalsha/eval with callbacks, which ioredis 6 still takes.
    const redlock = new Redlock(clients as unknown as Redlock.Server[], {
      retryCount: -1,
      retryDelay: 5,
      retryJitter: 5,
    });
    return async (key) => {
      const lock = await redlock.lock(key, TTL_MS);
      await redlock.unlock(lock);
    };
  },
);
