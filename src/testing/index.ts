/**
 * `flash-sale/testing`: what you need to unit-test your own handlers without a
 * Redis server. An in-memory Redis that runs the library's Lua scripts in this
 * process ({@link createInMemoryRedis}), and a one-line loaded sale
 * ({@link createTestSale}). Nothing else to install: the in-memory engine
 * (ioredis-mock) is bundled into this entry, so it works next to ioredis 5 or 6.
 *
 * What it cannot do is listed in docs/testing.md: in short, the order worker
 * (consumer groups), Redis Cluster and anything across processes need a real
 * Redis server.
 * @module
 */

export { createInMemoryRedis } from './in-memory-redis.js';
export type { InMemoryRedisOptions } from './in-memory-redis.js';
export { createTestSale } from './test-sale.js';
export type { TestSaleOptions } from './test-sale.js';
