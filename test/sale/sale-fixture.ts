/**
 * A fresh sale on a given backend with its own key prefix, plus direct access to
 * its raw keys for checks that must not trust the library's own read path.
 */
import { FlashSale, type FlashSaleOptions } from '../../src/index.js';
import { saleKeys, type SaleKeys } from '../../src/sale/sale-keys.js';
import { clientFor, uniquePrefix, type AnyClient, type Backend } from '../harness/clients.js';

/** What a test gets from {@link openSale}. */
export interface SaleFixture {
  readonly sale: FlashSale;
  readonly client: AnyClient;
  readonly keys: SaleKeys;
  readonly prefix: string;
  /** Margin for waits on the backend's clock (0: every backend's TIME is exact). */
  readonly clockSlackMs: number;
  close(): Promise<void>;
}

/** Opens a sale named `saleId` under a unique prefix on `backend`; close() ends the client. */
export function openSale(
  backend: Backend,
  saleId = 'sale',
  options: Partial<Omit<FlashSaleOptions, 'redis' | 'saleId' | 'keyPrefix'>> = {},
): SaleFixture {
  const client = clientFor(backend);
  const fixture = openSaleOn(client, saleId, options);
  return {
    ...fixture,
    async close() {
      await fixture.close();
      client.disconnect();
    },
  };
}

/**
 * The same on a client of the test's own (a server it kills or restarts): close()
 * deletes the sale's keys and leaves the client open.
 */
export function openSaleOn(
  client: AnyClient,
  saleId: string,
  options: Partial<Omit<FlashSaleOptions, 'redis' | 'saleId' | 'keyPrefix'>> = {},
  clockSlackMs = 0,
): SaleFixture {
  const prefix = uniquePrefix(saleId);
  const sale = new FlashSale({ redis: client, saleId, keyPrefix: prefix, ...options });
  const keys = saleKeys(prefix, saleId);
  return {
    sale,
    client,
    keys,
    prefix,
    clockSlackMs,
    async close() {
      await client.del(...keys.all, keys.rate);
    },
  };
}

/**
 * Every key of the sale as it is stored, to show that a refused call wrote
 * nothing: compare before and after.
 */
export async function rawState(f: SaleFixture): Promise<unknown[]> {
  return Promise.all([
    f.client.hgetall(f.keys.meta),
    f.client.hgetall(f.keys.holds),
    f.client.hgetall(f.keys.users),
    f.client.hgetall(f.keys.idempotency),
    f.client.xlen(f.keys.events),
  ]);
}
