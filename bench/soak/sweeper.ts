/** The soak's ExpirySweeper process: returns abandoned holds. SIGTERM stops it. */
import { Redis } from 'ioredis';
import { ExpirySweeper, FlashSale } from '../../src/index.js';
import { soakConfig } from './config.js';

const config = soakConfig();
const redis = new Redis({ port: config.redisPort, maxRetriesPerRequest: 50 });
redis.on('error', () => undefined);
const sale = new FlashSale({
  redis,
  saleId: config.saleId,
  keyPrefix: config.keyPrefix,
  commandTimeoutMs: 15_000,
});
let errors = 0;
const sweeper = new ExpirySweeper({
  sales: [sale],
  intervalMs: 200,
  onError: () => {
    errors += 1;
  },
});
sweeper.start();
console.log('started');
setInterval(() => {
  console.log(`counts ${JSON.stringify({ errors })}`);
}, 250);
process.on('SIGTERM', () => {
  void sweeper.stop().then(() => {
    redis.disconnect();
    process.exit(0);
  });
});
