import type Redlock from 'redlock';
import { isRedisCommandError } from '../shared/errors/redis-errors.js';
import { callRedis } from '../shared/redis/call-redis.js';
import type { RedisClient } from '../shared/redis/redis-client.js';
import type { QuorumTracker } from './quorum-tracker.js';

/**
 * Presents one ioredis client to redlock 4 (which calls `evalsha`/`eval` with
 * callbacks) for the length of one operation: every call goes through
 * {@link callRedis}, so a dead server cannot stall the vote and every failure
 * reaches redlock as the library's typed error, recorded in `tracker`. NOSCRIPT is
 * handed back as the server's own error, uncounted: redlock answers it with EVAL.
 * @internal
 */
export function redlockServer(
  client: RedisClient,
  index: number,
  tracker: QuorumTracker,
  timeoutMs: number,
): Redlock.Server {
  const relay = (pending: Promise<unknown>, callback: Redlock.Callback): void => {
    callRedis(tracker.operation, timeoutMs, pending).then(
      (result) => {
        callback(null, result);
      },
      (error: unknown) => {
        const cause = isRedisCommandError(error) ? error.cause : undefined;
        if (cause instanceof Error && cause.message.startsWith('NOSCRIPT')) {
          callback(cause);
          return;
        }
        tracker.record(index, error);
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
  return {
    evalsha(hash, args, callback) {
      relay(client.call('EVALSHA', hash, ...args), callback);
    },
    eval(args, callback) {
      relay(client.call('EVAL', ...args), callback);
    },
  };
}
