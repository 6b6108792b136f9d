/** Starts a throwaway 3-master Redis Cluster on free ports. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from './redis-server.js';

const run = promisify(execFile);

/** A running test cluster. */
export interface RedisCluster {
  readonly ports: readonly number[];
  /** The masters' servers, in port order, for tests that kill and restart one. */
  readonly nodes: readonly RedisServer[];
  /** Resolves once every master says cluster_state:ok (after a restart). */
  untilOk(): Promise<void>;
  stop(): Promise<void>;
}

/** Options for {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Extra `redis-server` arguments for every master (e.g. AOF for a restart test). */
  readonly args?: readonly string[];
}

async function waitForClusterOk(port: number): Promise<void> {
  const client = new Redis({ port });
  try {
    for (let attempt = 0; attempt < 200; attempt++) {
      const info = await client.cluster('INFO');
      if (info.includes('cluster_state:ok')) return;
      await sleep(50);
    }
    throw new Error('cluster did not reach cluster_state:ok');
  } finally {
    client.disconnect();
  }
}

/** Starts `masters` cluster-enabled servers and joins them with `redis-cli --cluster create`. */
export async function startRedisCluster(
  masters = 3,
  options: RedisClusterOptions = {},
): Promise<RedisCluster> {
  const nodes: RedisServer[] = [];
  for (let index = 0; index < masters; index++) {
    nodes.push(
      await startRedisServer({
        args: [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--appendonly',
          'no',
          ...(options.args ?? []),
        ],
      }),
    );
  }
  const addresses = nodes.map((node) => `127.0.0.1:${String(node.port)}`);
  await run('redis-cli', [
    '--cluster',
    'create',
    ...addresses,
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  for (const node of nodes) await waitForClusterOk(node.port);
  return {
    ports: nodes.map((node) => node.port),
    nodes,
    async untilOk() {
      for (const node of nodes) await waitForClusterOk(node.port);
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}
