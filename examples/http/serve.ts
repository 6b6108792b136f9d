/**
 * Runs an example server: checks its settings, connects to Redis (and to
 * PostgreSQL when DATABASE_URL is set), opens a sale with the whole order
 * pipeline behind it, serves the buyer's page and the JSON API on PORT, and on
 * SIGINT/SIGTERM stops taking requests, lets running ones finish and closes
 * everything. A setting or a server it cannot use stops it with a message.
 */
import { createServer, type RequestListener } from 'node:http';
import pg from 'pg';
import { isSaleConflictError, type OrderSink } from '../../src/index.js';
import { createOrderTables, createPostgresSink } from '../postgres-sink/index.js';
import type { ExampleAppOptions } from './app-options.js';
import { connectRedis, RedisUnreachableError, shownUrl } from './connect-redis.js';
import { MemorySink } from './memory-sink.js';
import { PrometheusMetrics } from './prometheus-metrics.js';
import { BuyerRateLimiter } from './rate-limit.js';
import type { SaleRegistry } from './sale-registry.js';
import { ServerOptionError, serverOptions, type ServerOptions } from './server-options.js';
import { Shop } from './shop.js';
import type { SaleListing } from './shop-sale.js';

/** Builds an example app's request listener. */
export type ExampleListener = (sales: SaleRegistry, options: ExampleAppOptions) => RequestListener;

/** What the demo sale shows on the page. */
const LISTING: SaleListing = {
  title: 'Aurora X1 launch drop',
  items: [
    {
      itemId: 'aurora-x1',
      name: 'Aurora X1 phone, 128 GB, midnight blue',
      priceCents: 19_900,
      currency: 'EUR',
    },
  ],
};

/** The order sink: PostgreSQL at DATABASE_URL, or memory. */
async function openSink(
  databaseUrl: string | undefined,
): Promise<{ sink: OrderSink; close: () => Promise<void>; description: string }> {
  if (databaseUrl === undefined) {
    const sink = new MemorySink((line) => {
      console.log(line);
    });
    return {
      sink,
      close: () => Promise.resolve(),
      description: 'in memory (set DATABASE_URL for PostgreSQL)',
    };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  try {
    await createOrderTables(pool);
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new RedisUnreachableError(
      `PostgreSQL at DATABASE_URL=${shownUrl(databaseUrl)} cannot be used (${reason})`,
      { cause: error },
    );
  }
  return {
    sink: createPostgresSink(pool),
    close: async () => pool.end(),
    description: `PostgreSQL at ${shownUrl(databaseUrl)}`,
  };
}

/** Starts everything; resolves once the server listens. */
async function start(
  name: string,
  listener: ExampleListener,
  options: ServerOptions,
): Promise<void> {
  const redis = await connectRedis(options.redisUrl, 'REDIS_URL');
  const orders = await openSink(options.databaseUrl).catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  const shop = new Shop({
    redis,
    sink: orders.sink,
    onError: (error, where) => {
      console.error(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  const startMs = Date.now() + options.opensInMs;
  const preload = {
    stock: options.stock,
    perUserLimit: 1,
    holdMs: options.holdMs,
    startMs,
    retainMs: 3_600_000,
  };
  try {
    await shop.addSale({ saleId: options.saleId, preload, listing: LISTING });
    console.log(
      `sale ${options.saleId}: ${String(options.stock)} units, opens in ${String(options.opensInMs / 1000)} s, ${String(options.holdMs / 1000)} s to pay`,
    );
  } catch (error) {
    if (!isSaleConflictError(error)) throw error;
    // SALE_ID names a sale loaded earlier with other settings: serve it as it is.
    await shop.addSale({ saleId: options.saleId, listing: LISTING });
    console.log(`sale ${options.saleId}: already loaded with other settings; serving it as it is`);
  }
  console.log(`orders: ${orders.description}; redis: ${shownUrl(options.redisUrl)}`);

  const metrics = new PrometheusMetrics();
  const server = createServer(
    listener(shop.sales, { rateLimiter: new BuyerRateLimiter(), metrics }),
  );
  await new Promise<void>((resolve) => server.listen(options.port, resolve));
  const base = `http://localhost:${String(options.port)}`;
  console.log(
    `\n${name} example: the buyer's page is at ${base}/?buyer=alice (and ?buyer=bob in another window)\n`,
  );
  console.log(curlLines(base, options.saleId));
  const stop = (): void => {
    console.log('stopping: finishing open requests');
    server.close(() => {
      metrics.close();
      void shop
        .close()
        .then(async () => redis.quit())
        .then(orders.close);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** curl lines that walk through the JSON API of a server at `base`. */
export function curlLines(base: string, saleId: string): string {
  const sale = `${base}/sales/${saleId}`;
  return [
    `# the page's view: the window by Redis's clock, the items with what is left`,
    `curl -s ${sale}/catalog`,
    `# reserve (retry with the same Idempotency-Key: same reservation, no second unit)`,
    `curl -s -X POST ${sale}/purchase -H 'x-user-id: alice' -H 'Idempotency-Key: order-1' -H 'content-type: application/json' -d '{"item":"aurora-x1"}'`,
    `# did I get it? pending → placed → paid (use the reservation id from the answer)`,
    `curl -s ${sale}/orders/<reservation-id> -H 'x-user-id: alice'`,
    `# pay (in production: your payment provider's webhook), or give up`,
    `curl -s -X POST ${sale}/reservations/<reservation-id>/confirm -H 'x-user-id: alice'`,
    `curl -s -X POST ${sale}/reservations/<reservation-id>/cancel -H 'x-user-id: alice'`,
    `# what Prometheus scrapes: purchases, holds, orders, locks`,
    `curl -s ${base}/metrics | grep '^flash_sale'`,
  ].join('\n');
}

/** Runs the example server `name`, or exits with a message saying why it cannot. */
export async function serveExample(name: string, listener: ExampleListener): Promise<void> {
  try {
    await start(name, listener, serverOptions(process.env));
  } catch (error) {
    if (error instanceof ServerOptionError) {
      console.error(`${name} example: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof RedisUnreachableError) {
      console.error(`${name} example: ${error.message}. Start it, or point the setting elsewhere.`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}
