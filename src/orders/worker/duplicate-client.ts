import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../../shared/redis/redis-client.js';

/**
 * A new connection (or cluster client) with the same settings as `client`, for
 * blocking reads. Its errors surface through the commands sent on it.
 * @internal
 */
export function duplicateClient(client: RedisClient): RedisClient {
  const copy = client.isCluster ? (client as Cluster).duplicate() : (client as Redis).duplicate();
  copy.on('error', () => undefined);
  return copy;
}
