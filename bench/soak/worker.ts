/**
 * An outbox worker process of the soak: delivers the sale's events to a file
 * sink (one event id per line, appended synchronously, so a kill -9 loses no
 * written line; at-least-once, duplicates allowed). SIGTERM stops it gracefully.
 */
import { appendFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { FlashSale, OutboxWorker } from '../../src/index.js';
import { soakConfig } from './config.js';

const config = soakConfig();
const file = config.sinkFile;
if (file === undefined) throw new Error('a worker needs sinkFile');
const redis = new Redis({ port: config.redisPort, maxRetriesPerRequest: 50 });
redis.on('error', () => undefined);
const sale = new FlashSale({
  redis,
  saleId: config.saleId,
  keyPrefix: config.keyPrefix,
  commandTimeoutMs: 15_000,
});
let errors = 0;
const worker = new OutboxWorker({
  sale,
  sink: {
    write: async (events) => {
      appendFileSync(file, events.map((event) => `${event.id}\n`).join(''));
      return Promise.resolve();
    },
  },
  blockMs: 100,
  reclaimIdleMs: 1_500,
  maxAttempts: 1_000,
  retryDelayMs: 20,
  maxRetryDelayMs: 500,
  onError: () => {
    errors += 1;
  },
});
worker.start();
console.log('started');
setInterval(() => {
  console.log(`counts ${JSON.stringify({ ...worker.stats(), errors })}`);
}, 250);
process.on('SIGTERM', () => {
  void worker.stop().then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
