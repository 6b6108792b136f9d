/**
 * A shop server for the page tests: an example app (Express or Koa) in front of
 * the whole pipeline (QueuedOrders, an OutboxWorker per sale writing to a
 * memory sink, an ExpirySweeper), on the test Redis under a key prefix of its own.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PreloadOptions } from '../../src/index.js';
import type { ExampleAppOptions } from '../../examples/http/app-options.js';
import { MemorySink } from '../../examples/http/memory-sink.js';
import type { SaleRegistry } from '../../examples/http/sale-registry.js';
import { Shop } from '../../examples/http/shop.js';
import type { ShopSale } from '../../examples/http/shop-sale.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';

/** Builds an example app's request listener. */
export type ShopApp = (sales: SaleRegistry, options: ExampleAppOptions) => RequestListener;

/** A running shop. */
export interface ShopServer {
  readonly base: string;
  readonly sink: MemorySink;
  readonly redis: ReturnType<typeof redisClient>;
  /** Pipeline errors and 5xx answers, which a passing test expects none of. */
  readonly errors: unknown[];
  /** Adds a sale under a new id (`preload` as given) with one item; returns it. */
  addSale(preload: PreloadOptions): Promise<ShopSale>;
  close(): Promise<void>;
}

let sales = 0;

/** Starts `app` on a free loopback port with a shop behind it. */
export async function startShopServer(
  app: ShopApp,
  appOptions: Omit<ExampleAppOptions, 'logError'> = {},
): Promise<ShopServer> {
  const redis = redisClient();
  const prefix = uniquePrefix('page');
  const sink = new MemorySink();
  const errors: unknown[] = [];
  const shop = new Shop({
    redis,
    sink,
    keyPrefix: prefix,
    sweepIntervalMs: 100,
    onError: (error) => errors.push(error),
  });
  const server = createServer(
    app(shop.sales, { ...appOptions, logError: (error) => errors.push(error) }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${String(port)}`,
    sink,
    redis,
    errors,
    addSale: async (preload) => {
      sales += 1;
      const saleId = `drop-${String(sales)}`;
      return shop.addSale({
        saleId,
        preload,
        listing: {
          title: 'Aurora X1 launch drop',
          items: [
            {
              itemId: 'aurora-x1',
              name: 'Aurora X1 phone, 128 GB, midnight blue',
              priceCents: 19_900,
              currency: 'EUR',
            },
          ],
        },
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await shop.close();
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${prefix}*` }) as AsyncIterable<
        string[]
      >) {
        keys.push(...batch);
      }
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}
