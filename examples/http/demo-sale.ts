/**
 * Start-up shared by the example servers: connect to `REDIS_URL`, preload one
 * demo sale and keep releasing unpaid holds. A real app does the same three
 * things with its own sales, usually from its catalogue.
 */
import { Redis } from 'ioredis';
import {
  ExpirySweeper,
  FlashSale,
  isRedisUnavailableError,
  isSaleConflictError,
} from '../../src/index.js';
import type { SaleRegistry } from './sale-registry.js';

/** A running demo: its sales and how to stop them. */
export interface DemoSales {
  readonly sales: SaleRegistry;
  readonly saleId: string;
  /** Stops the sweeper and closes the Redis connection. */
  readonly close: () => Promise<void>;
}

const STOCK = 100;
const PER_USER_LIMIT = 2;
const HOLD_MS = 10 * 60_000; // the time a buyer has to pay
const SWEEP_EVERY_MS = 1000;

/** Connects, preloads the sale `SALE_ID` (default `demo`) and starts its sweeper. */
export async function openDemoSales(env: NodeJS.ProcessEnv): Promise<DemoSales> {
  const url = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  // Fail fast: a buyer waiting on a reconnecting client is worse than a quick 503.
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', (error: unknown) => {
    console.error('redis:', error instanceof Error ? error.message : error);
  });
  const sale = new FlashSale({ redis, saleId: env['SALE_ID'] ?? 'demo' });
  try {
    const outcome = await sale.preload({
      stock: STOCK,
      perUserLimit: PER_USER_LIMIT,
      holdMs: HOLD_MS,
    });
    console.log(
      `sale ${sale.saleId}: ${outcome} (${String(STOCK)} units, ${String(PER_USER_LIMIT)} per buyer)`,
    );
  } catch (error) {
    redis.disconnect();
    // Loaded earlier with other settings: keep it rather than silently replace it.
    if (isRedisUnavailableError(error)) {
      const shown = url.replace(/\/\/[^@]*@/, '//***@'); // never print a password
      throw new Error(`no Redis answers at ${shown}; set REDIS_URL`, { cause: error });
    }
    if (isSaleConflictError(error))
      throw new Error(`${error.message}; or pick another SALE_ID`, { cause: error });
    throw error;
  }
  // Unpaid holds go back on sale after their deadline. Every deployment runs a
  // sweeper; it is safe in any number of processes at once.
  const sweeper = new ExpirySweeper({
    sales: [sale],
    intervalMs: SWEEP_EVERY_MS,
    onError: (error) => {
      console.error('sweep:', error instanceof Error ? error.message : error);
    },
  });
  sweeper.start();
  return {
    sales: new Map([[sale.saleId, sale]]),
    saleId: sale.saleId,
    close: async () => {
      await sweeper.stop();
      await redis.quit();
    },
  };
}

/** curl lines that walk through the routes of a server at `base`. */
export function curlLines(base: string, saleId: string): string {
  const sale = `${base}/sales/${saleId}`;
  return [
    `# reserve (retry with the same Idempotency-Key: same reservation, no second unit)`,
    `curl -i -X POST ${sale}/purchase -H 'x-user-id: alice' -H 'Idempotency-Key: order-1' -H 'content-type: application/json' -d '{"quantity":1}'`,
    `# did I get it?`,
    `curl -i ${sale}/me -H 'x-user-id: alice'`,
    `# after payment (use the reservation id from the purchase answer), or give up`,
    `curl -i -X POST ${sale}/reservations/${saleId}:1/confirm -H 'x-user-id: alice'`,
    `curl -i -X POST ${sale}/reservations/${saleId}:1/cancel -H 'x-user-id: alice'`,
    `curl -i ${sale}/stats`,
  ].join('\n');
}
