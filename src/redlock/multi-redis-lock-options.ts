import type { LockOptions } from '../lock/options/lock-options.js';
import type { RedisClient } from '../shared/redis/redis-client.js';

/**
 * What {@link MultiRedisLock} is made from: the servers, and the lock settings.
 * @group Options
 */
export interface MultiRedisLockOptions extends LockOptions {
  /**
   * One ioredis client per independent Redis server (at least one, each once):
   * independent primaries, not replicas of each other nor nodes of one Cluster.
   * Use an odd number (3 or 5).
   */
  readonly servers: readonly RedisClient[];
}
