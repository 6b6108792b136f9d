import type { RedisClient } from '../../shared/redis/redis-client.js';
import { randomBytes } from 'node:crypto';
import { isRedisTimeoutError } from '../../shared/errors/redis-errors.js';
import type { LockBackend, Taken } from '../core/lock-backend.js';
import type { LockKeys } from '../keys/lock-keys.js';
import {
  acquireScript,
  extendScript,
  fenceRetentionMs,
  parseFence,
  releaseScript,
} from '../lua/lock-scripts.js';

/**
 * The single-instance algorithm (one Redis, or one Cluster slot): SET NX PX with a
 * random token plus the fencing token in one script; token-checked PEXPIRE and DEL.
 * @internal
 */
export class SingleInstanceBackend implements LockBackend {
  constructor(
    private readonly client: RedisClient,
    private readonly timeoutMs: number,
  ) {}

  async take(keys: LockKeys, ttlMs: number, operation: string): Promise<Taken | undefined> {
    const token = randomBytes(16).toString('hex');
    try {
      const reply = await acquireScript.run(
        this.client,
        operation,
        this.timeoutMs,
        [keys.lock, keys.fence],
        [token, ttlMs, fenceRetentionMs(ttlMs)],
      );
      const fence = parseFence(operation, reply);
      return fence === undefined ? undefined : { token, fence };
    } catch (error) {
      // The script may still run after we stopped waiting; only we know the token,
      // so free the lock rather than leave it blocking others until it expires.
      if (isRedisTimeoutError(error)) this.release(keys, token, operation).catch(() => undefined);
      throw error;
    }
  }

  async extend(keys: LockKeys, token: string, ttlMs: number, operation: string): Promise<boolean> {
    const reply = await extendScript.run(
      this.client,
      operation,
      this.timeoutMs,
      [keys.lock],
      [token, ttlMs],
    );
    return reply === 1;
  }

  async release(keys: LockKeys, token: string, operation: string): Promise<boolean> {
    const reply = await releaseScript.run(
      this.client,
      operation,
      this.timeoutMs,
      [keys.lock],
      [token],
    );
    return reply === 1;
  }
}
