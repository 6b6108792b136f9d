import type { RedisClient } from '../../shared/redis/redis-client.js';
import type { LockOptions } from '../options/lock-options.js';

/**
 * What {@link RedisLock} is made from: the client, and the lock settings.
 * @group Options
 */
export interface RedisLockOptions extends LockOptions {
  /**
   * An ioredis client (`Redis` or `Cluster`). Give it `enableOfflineQueue: false`
   * to fail fast while Redis is down; `commandTimeoutMs` bounds each call anyway.
   */
  readonly redis: RedisClient;
}
