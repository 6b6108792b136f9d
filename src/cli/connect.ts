import { Cluster, Redis } from 'ioredis';
import { CliError, UsageError } from './cli-error.js';

/** Where the CLI connects: one server by URL, or a Cluster by its seed nodes. */
export interface ConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  readonly redis: string;
  /** Seed nodes `host:port,host:port,…` of a Cluster; `redis`'s credentials apply to each. */
  readonly cluster: string | undefined;
  readonly connectTimeoutMs: number;
}

/** `host:port` to a Cluster seed node. */
function seedNode(seed: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(seed.trim());
  const port = Number(match?.[2]);
  if (match?.[1] === undefined || !(port >= 1 && port <= 65535)) {
    throw new UsageError(`--cluster: ${JSON.stringify(seed)} is not host:port`);
  }
  return { host: match[1], port };
}

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** A client that fails fast, not yet connected: see {@link openClient}. */
export interface PendingClient {
  readonly client: Redis | Cluster;
  /** Connects, or throws a {@link CliError} within about `connectTimeoutMs`. */
  open(): Promise<void>;
}

/**
 * A client with no reconnect loop and no queue of commands waiting for a server
 * that is not there, so an unreachable Redis fails the command at once.
 */
export function createClient(options: ConnectionOptions): PendingClient {
  let url: URL;
  try {
    url = new URL(options.redis);
  } catch {
    throw new UsageError(`--redis: ${JSON.stringify(options.redis)} is not a redis:// URL`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UsageError(`--redis: ${JSON.stringify(options.redis)} is not a redis:// URL`);
  }
  const common = {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  } as const;
  const client =
    options.cluster === undefined
      ? new Redis(options.redis, common)
      : new Cluster(options.cluster.split(',').map(seedNode), {
          lazyConnect: true,
          enableOfflineQueue: false,
          clusterRetryStrategy: () => null,
          redisOptions: {
            ...common,
            ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
            ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
            ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
          },
        });
  let lastError: unknown;
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  const where = options.cluster === undefined ? shown(options.redis) : `cluster ${options.cluster}`;
  return {
    client,
    async open() {
      try {
        await client.connect();
      } catch (error) {
        client.disconnect();
        // the 'error' event has the cause (ECONNREFUSED, ETIMEDOUT, …); the rejection, often only "Connection is closed."
        const cause = lastError ?? error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new CliError(`cannot connect to Redis at ${where}: ${reason}`);
      }
    },
  };
}
