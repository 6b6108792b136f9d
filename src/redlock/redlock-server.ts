import type Redlock from 'redlock';
import type { RedisClient } from '../redis/redis-client.js';
import { translateRedisError } from '../redis/translate-redis-error.js';
import { withDeadline } from '../redis/with-deadline.js';
import type { QuorumTracker } from './quorum-tracker.js';

/**
 * Presents one ioredis client to redlock 4 (which calls `evalsha`/`eval` with
 * callbacks) for the length of one operation: every call gets the command timeout,
 * so a dead server cannot stall the vote, and every failure is recorded in `tracker`
 * and translated to the library's typed errors. NOSCRIPT passes through untouched:
 * redlock answers it with EVAL.
 * @internal
 */
export function redlockServer(
  client: RedisClient,
  index: number,
  tracker: QuorumTracker,
  timeoutMs: number,
): Redlock.Server {
  const relay = (pending: Promise<unknown>, callback: Redlock.Callback): void => {
    withDeadline(tracker.operation, timeoutMs, pending).then(
      (result) => {
        callback(null, result);
      },
      (error: unknown) => {
        if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
          callback(error);
          return;
        }
        const typed = translateRedisError(tracker.operation, error, timeoutMs);
        tracker.record(index, typed);
        callback(typed instanceof Error ? typed : new Error(String(typed)));
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
