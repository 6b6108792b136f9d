/** The lock implementations under test, each reduced to "acquire, then release". */
import { Redis } from 'ioredis';
import Redlock from 'redlock';
import { Mutex } from 'redis-semaphore';
import { RedisLock } from '../../src/index.js';
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

function clients(ports: readonly number[]): Redis[] {
  return ports.map((port) => new Redis({ port }));
}

function closeAll(list: readonly Redis[]): () => void {
  return () => {
    for (const client of list) client.disconnect();
  };
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing client');
  return value;
}

/** This package, single instance. */
export const redisLock: Contender = {
  name: 'flash-sale RedisLock',
  settings: 'full jitter 5..50 ms; fencing token included',
  connect(ports) {
    const list = clients(ports.slice(0, 1));
    const locks = new RedisLock(must(list[0]), {
      ttlMs: TTL_MS,
      retryDelayMs: 5,
      maxRetryDelayMs: 50,
    });
    return {
      pair: async (key) => {
        const result = await locks.acquire(key, { waitMs: 60_000 });
        if (!result.acquired) throw new Error(`not acquired: ${result.reason}`);
        await result.lock.release();
      },
      close: closeAll(list),
    };
  },
};

/** This package, Redlock variant, over as many servers as it is given. */
export function multiRedisLock(servers: number): Contender {
  return {
    name: `flash-sale MultiRedisLock ×${servers}`,
    settings: `${servers} server(s); full jitter 5..50 ms; 2-phase fencing`,
    connect(ports) {
      const list = clients(ports.slice(0, servers));
      const locks = new MultiRedisLock(list, {
        ttlMs: TTL_MS,
        retryDelayMs: 5,
        maxRetryDelayMs: 50,
      });
      return {
        pair: async (key) => {
          const result = await locks.acquire(key, { waitMs: 60_000 });
          if (!result.acquired) throw new Error(`not acquired: ${result.reason}`);
          await result.lock.release();
        },
        close: closeAll(list),
      };
    },
  };
}

/** redis-semaphore 5.8 `Mutex`, a fresh instance (identifier) per pair as intended. */
export const semaphoreMutex: Contender = {
  name: 'redis-semaphore Mutex',
  settings: 'retryInterval 5 ms; auto-refresh off',
  connect(ports) {
    const list = clients(ports.slice(0, 1));
    const client = must(list[0]);
    return {
      pair: async (key) => {
        const mutex = new Mutex(client, key, {
          lockTimeout: TTL_MS,
          acquireTimeout: 60_000,
          retryInterval: 5,
          refreshInterval: 0,
        });
        await mutex.acquire();
        await mutex.release();
      },
      close: closeAll(list),
    };
  },
};

/** redlock 4.2 on a single server, used directly. */
export const redlock4: Contender = {
  name: 'redlock 4.2 (1 server)',
  settings: 'retryDelay 5 ms ± 5 ms jitter, unlimited retries',
  connect(ports) {
    const list = clients(ports.slice(0, 1));
    // redlock 4 only calls evalsha/eval with callbacks, which ioredis 6 still takes.
    const servers = list as unknown as Redlock.Server[];
    const redlock = new Redlock(servers, { retryCount: -1, retryDelay: 5, retryJitter: 5 });
    return {
      pair: async (key) => {
        const lock = await redlock.lock(key, TTL_MS);
        await redlock.unlock(lock);
      },
      close: closeAll(list),
    };
  },
};
