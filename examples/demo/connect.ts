/**
 * Picks the demo's backend: the Redis at REDIS_URL (default redis://127.0.0.1:6379)
 * when it answers, otherwise an embedded in-memory Redis (ioredis-mock), which runs
 * the same Lua scripts in-process.
 */
import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';

/** The client the demo uses and a line saying which backend it is. */
export interface DemoBackend {
  readonly redis: Redis;
  readonly description: string;
  readonly embedded: boolean;
}

/** Connects to REDIS_URL, or falls back to the embedded backend. */
export async function connectDemoBackend(): Promise<DemoBackend> {
  const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    probe.disconnect();
    // The demo's own client: fail fast rather than queue if Redis goes away mid-run.
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    return {
      redis,
      description: `Redis at ${url.replace(/\/\/[^@]*@/, '//***@')}`,
      embedded: false,
    };
  } catch {
    probe.disconnect();
    return {
      redis: new RedisMock(),
      description: `embedded in-memory Redis (ioredis-mock): nothing answered at ${url}`,
      embedded: true,
    };
  }
}
