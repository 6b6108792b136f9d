/**
 * One process of the crowd bench: takes jobs as JSON lines on stdin, runs each
 * on a FlashSale of its own (its own Redis connection, the same sale and server
 * as the other processes) and answers each with one JSON line on stdout.
 *
 *   tsx bench/crowd/child.ts <port>
 */
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { FlashSale } from '../../src/index.js';
import { runClosedLoop } from './closed-loop.js';
import { runOpenLoop } from './open-loop.js';
import type { Job } from './protocol.js';
import { saleOptions } from './sale-options.js';

const port = Number(process.argv[2]);

async function run(job: Job): Promise<unknown> {
  const redis = new Redis({ port });
  try {
    const sale = new FlashSale(saleOptions(redis, job.sale));
    return job.kind === 'closed' ? await runClosedLoop(sale, job) : await runOpenLoop(sale, job);
  } finally {
    redis.disconnect();
  }
}

const lines = createInterface({ input: process.stdin });
console.log('ready');
for await (const line of lines) {
  const report = await run(JSON.parse(line) as Job);
  console.log(JSON.stringify(report));
}
process.exit(0);
