/** Three independent throwaway Redis servers and fail-fast clients for Redlock tests. */
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../harness/redis-server.js';

/** Servers and one client per server. */
export interface RedlockServers {
  readonly servers: readonly RedisServer[];
  readonly clients: readonly Redis[];
  stop(): Promise<void>;
}

/**
 * Starts `count` servers. The clients do not queue commands while disconnected, so
 * a killed server answers at once with an error instead of stalling the vote.
 */
export async function startRedlockServers(count = 3): Promise<RedlockServers> {
  const servers = await Promise.all(Array.from({ length: count }, async () => startRedisServer()));
  const clients = servers.map((server) => {
    const client = new Redis({
      port: server.port,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 200,
      lazyConnect: true,
    });
    client.on('error', () => undefined); // killed servers are expected here
    return client;
  });
  await Promise.all(clients.map(async (client) => client.connect()));
  return {
    servers,
    clients,
    async stop() {
      for (const client of clients) client.disconnect();
      await Promise.all(servers.map(async (server) => server.stop()));
    },
  };
}
