/** Fuzzes the order pipeline's and the lock's entry points on real Redis (see run-entry.ts). */
import { describe } from 'vitest';
import { fuzzEntries } from './run-entry.js';

describe('fuzzing the order pipeline and the lock', () => {
  fuzzEntries('fuzz-pipeline', [
    'new OutboxWorker',
    'new InRequestOrders + purchase',
    'new QueuedOrders + purchase',
    'new QueuedOrders + status',
    'readDeadLetters',
    'removeDeadLetters',
    'new ExpirySweeper + sweep',
    'new RedisLock + tryAcquire',
    'RedisLock.acquire',
  ]);
});
