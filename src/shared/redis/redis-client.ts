import type { Cluster, Redis } from 'ioredis';

/**
 * The clients the library accepts: an ioredis `Redis` (standalone or Sentinel) or
 * `Cluster`. ioredis-mock instances work too, as far as the contract suite shows.
 * @group Options
 * @category Sale
 */
export type RedisClient = Redis | Cluster;
