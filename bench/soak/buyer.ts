/**
 * A buyer process of the soak: `loops` concurrent shoppers on the sale, through
 * the dropping proxy. Each buys 1 or 2 units for a random user (sometimes with an
 * idempotency key, sometimes retrying it), then pays, cancels or walks away (the
 * sweeper expires the hold). Prints its running counts as `counts {…}` lines.
 */
import { appendFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { FlashSale, isFlashSaleError } from '../../src/index.js';
import { pause, soakConfig } from './config.js';

const config = soakConfig();
if (config.answersFile === undefined) throw new Error('a buyer needs answersFile');
const answers: string = config.answersFile;
const redis = new Redis({ port: config.proxyPort, maxRetriesPerRequest: 50 });
redis.on('error', () => undefined);
// long enough to ride out the Redis restart
const sale = new FlashSale({
  redis,
  saleId: config.saleId,
  keyPrefix: config.keyPrefix,
  commandTimeoutMs: 15_000,
});

const counts: Record<string, number> = {};
const count = (name: string): void => {
  counts[name] = (counts[name] ?? 0) + 1;
};

async function shop(loop: number): Promise<never> {
  for (let n = 0; ; n++) {
    const user = `u${String(Math.floor(Math.random() * config.users))}`;
    const quantity = Math.random() < 0.3 ? 2 : 1;
    const key =
      Math.random() < 0.3 ? `k-${String(process.pid)}-${String(loop)}-${String(n)}` : undefined;
    try {
      count('purchases');
      const options = key === undefined ? { quantity } : { quantity, idempotencyKey: key };
      const result = await sale.tryPurchase(user, options);
      if (!result.ok) {
        count(result.reason);
      } else {
        count('reserved');
        appendFileSync(answers, `${result.reservation.id}\n`);
        if (key !== undefined && Math.random() < 0.2) {
          // the client retries the same request
          count('retries');
          await sale.tryPurchase(user, options);
        }
        await pause(300);
        const choice = Math.random();
        if (choice < 0.6) {
          await sale.confirm(result.reservation.id);
          count('confirmed');
        } else if (choice < 0.8) {
          await sale.cancel(result.reservation.id);
          count('cancelled');
        } else {
          count('abandoned');
        }
      }
    } catch (error) {
      count(isFlashSaleError(error) ? `error ${error.name}` : 'untyped error');
    }
    await pause(20);
  }
}

for (let loop = 0; loop < config.loops; loop++) void shop(loop);
setInterval(() => {
  console.log(`counts ${JSON.stringify(counts)}`);
}, 250);
console.log('started');
