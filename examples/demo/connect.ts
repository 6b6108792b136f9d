/**
 * Picks the demo's backend. REDIS_URL set: that Redis, and nothing else (if it
 * does not answer, the demo stops and says so). REDIS_URL unset: the embedded
 * in-memory Redis of `flash-sale/testing`, which runs the same Lua scripts in
 * this process. Never a guess: a Redis that happens to run on this machine is
 * not written to unless REDIS_URL names it.
 */
import type { Redis } from 'ioredis';
import { createInMemoryRedis } from '../../src/testing/index.js';
import { connectRedis, RedisUnreachableError, shownUrl } from '../http/connect-redis.js';

/** The client the demo uses and a line saying which backend it is. */
export interface DemoBackend {
  readonly redis: Redis;
  readonly description: string;
  readonly embedded: boolean;
}

/** REDIS_URL names a Redis that does not answer. */
export class DemoBackendError extends Error {
  override readonly name = 'DemoBackendError' as const;
}

/** Connects as described above; throws {@link DemoBackendError} for a REDIS_URL that does not answer. */
export async function connectDemoBackend(url: string | undefined): Promise<DemoBackend> {
  if (url === undefined) {
    return {
      redis: createInMemoryRedis(),
      description:
        'embedded in-memory Redis (flash-sale/testing, in this process; set REDIS_URL for a real one)',
      embedded: true,
    };
  }
  try {
    return {
      redis: await connectRedis(url, 'REDIS_URL'),
      description: `Redis at ${shownUrl(url)}`,
      embedded: false,
    };
  } catch (error) {
    if (!(error instanceof RedisUnreachableError)) throw error;
    throw new DemoBackendError(
      `${error.message}. Start it, correct the URL, or unset REDIS_URL to run on the embedded in-memory Redis.`,
      { cause: error },
    );
  }
}
