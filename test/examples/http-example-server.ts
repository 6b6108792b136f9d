/**
 * Runs an example app on a loopback port for a test file, with a fresh key
 * prefix, a fail-fast client to a port where nothing listens, and the 5xx errors
 * the app logged.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { FlashSale, type PreloadOptions } from '../../src/index.js';
import type { ExampleAppOptions } from '../../examples/http/app-options.js';
import type { SaleRegistry } from '../../examples/http/sale-registry.js';
import { shopSale, type ShopSale } from '../../examples/http/shop-sale.js';
import { redisClient, unreachableClient, uniquePrefix } from '../harness/clients.js';

/** Builds an example app's request listener. */
export type ExampleApp = (sales: SaleRegistry, options: ExampleAppOptions) => RequestListener;

/** An example app serving on a loopback port. */
export interface ExampleServer {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Errors the app answered with a 5xx, in order. */
  readonly logged: unknown[];
  /** Adds a sale on the test Redis under a new id, preloaded unless `null`; returns the id. */
  readonly addSale: (preload: PreloadOptions | null) => Promise<string>;
  /** The `FlashSale` behind a sale id the server runs (to run its worker, read its numbers). */
  readonly saleOf: (saleId: string) => FlashSale;
  /** Adds a sale whose client has no server behind it. */
  readonly addUnreachableSale: (saleId: string) => Promise<void>;
  /** Stops the server, deletes the keys it wrote and closes its clients. */
  readonly close: () => Promise<void>;
}

/** Starts `createApp` on a free loopback port. */
export async function startExampleServer(
  createApp: ExampleApp,
  appOptions: Omit<ExampleAppOptions, 'logError'> = {},
): Promise<ExampleServer> {
  const redis = redisClient();
  const prefix = uniquePrefix('examples');
  const sales = new Map<string, ShopSale>();
  const logged: unknown[] = [];
  const unreachable: Redis[] = [];
  const server = createServer(
    createApp(sales, { ...appOptions, logError: (error) => logged.push(error) }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let count = 0;

  return {
    base: `http://127.0.0.1:${String(port)}`,
    logged,
    addSale: async (preload) => {
      count += 1;
      const sale = new FlashSale({ redis, saleId: `s${String(count)}`, keyPrefix: prefix });
      if (preload !== null) await sale.preload(preload);
      sales.set(sale.saleId, shopSale(sale));
      return sale.saleId;
    },
    saleOf: (saleId) => {
      const shop = sales.get(saleId);
      if (shop === undefined) throw new Error(`no sale ${saleId} on this server`);
      return shop.sale;
    },
    addUnreachableSale: async (saleId) => {
      const client = await unreachableClient();
      unreachable.push(client);
      sales.set(saleId, shopSale(new FlashSale({ redis: client, saleId })));
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      for (const client of unreachable) client.disconnect();
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
