/**
 * Clients for the contract suites: each test asks for a backend by name and
 * gets a fresh client plus a key prefix of its own.
 */
import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import { createInMemoryRedis } from '../../src/testing/index.js';
import { freePort } from './free-port.js';

/** The backends every contract suite runs on. */
export const BACKENDS = ['redis', 'cluster', 'mock'] as const;
/** One of {@link BACKENDS}. */
export type Backend = (typeof BACKENDS)[number];
/** What the library accepts as a client. */
export type AnyClient = Redis | Cluster;

/** A connection to the standalone test server. */
export function redisClient(): Redis {
  return new Redis({ port: inject('redisPort'), maxRetriesPerRequest: 1 });
}

/** A connection to the test cluster. */
export function clusterClient(): Cluster {
  return new Cluster(
    inject('clusterPorts').map((port) => ({ host: '127.0.0.1', port })),
    { redisOptions: { maxRetriesPerRequest: 1 } },
  );
}

/**
 * A fresh in-memory client with its own data: the backend `flash-sale/testing`
 * ships (ioredis-mock with a correct TIME), so every contract suite runs through it.
 */
export function mockClient(): Redis {
  return createInMemoryRedis();
}

/** A client for `backend`. */
export function clientFor(backend: Backend): AnyClient {
  switch (backend) {
    case 'redis':
      return redisClient();
    case 'cluster':
      return clusterClient();
    case 'mock':
      return mockClient();
  }
}

/** A key prefix no other test uses. */
export function uniquePrefix(label = 't'): string {
  return `test:${label}:${randomUUID().slice(0, 8)}:`;
}

/**
 * A fail-fast client for a port where nothing listens: every command rejects at
 * once instead of queueing while it reconnects.
 */
export async function unreachableClient(): Promise<Redis> {
  const client = new Redis({
    port: await freePort(),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    lazyConnect: true,
  });
  client.on('error', () => undefined);
  return client;
}
