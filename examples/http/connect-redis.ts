/**
 * Connects to a Redis URL and proves it answers before anything else starts:
 * an unreachable Redis is an error naming the URL (password masked) and the
 * socket's reason, never a silent fallback.
 */
import { Redis } from 'ioredis';

/** The URL with its password (if any) masked, fit to print. */
export function shownUrl(url: string): string {
  return url.replace(/(\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

/** Resolves when `url` answers PING within a second; rejects with the socket's reason otherwise. */
export async function probeRedis(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, …) says more than the
  // "Connection is closed." that connect() then rejects with.
  let socketError: unknown;
  client.on('error', (error: unknown) => {
    socketError ??= error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw socketError ?? error;
  } finally {
    client.disconnect();
  }
}

/** A Redis that does not answer. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError' as const;
}

/**
 * A client for `url` once it has answered; `name` is the setting it came from
 * (for the message). Fails fast rather than queueing if Redis goes away later.
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  try {
    await probeRedis(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RedisUnreachableError(`no Redis answers at ${name}=${shownUrl(url)} (${reason})`, {
      cause: error,
    });
  }
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', (error: unknown) => {
    console.error('redis:', error instanceof Error ? error.message : error);
  });
  return redis;
}
