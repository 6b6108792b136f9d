/**
 * A fresh sale on a given backend with its own key prefix, plus direct access to
 * its raw keys for checks that must not trust the library's own read path.
 */
import { FlashSale, type FlashSaleOptions } from '../../src/index.js';
import { saleKeys, type SaleKeys } from '../../src/keys/sale-keys.js';
import { clientFor, uniquePrefix, type AnyClient, type Backend } from '../harness/clients.js';

/** What a test gets from {@link openSale}. */
export interface SaleFixture {
  readonly sale: FlashSale;
  readonly client: AnyClient;
  readonly keys: SaleKeys;
  readonly prefix: string;
  /** Margin for waits on the backend's clock: 0 on Redis, 2 s on ioredis-mock. */
  readonly clockSlackMs: number;
  close(): Promise<void>;
}

/** Opens a sale named `saleId` under a unique prefix on `backend`. */
export function openSale(
  backend: Backend,
  saleId = 'sale',
  options: Partial<Omit<FlashSaleOptions, 'redis' | 'saleId' | 'keyPrefix'>> = {},
): SaleFixture {
  const client = clientFor(backend);
  const prefix = uniquePrefix(saleId);
  const sale = new FlashSale({ redis: client, saleId, keyPrefix: prefix, ...options });
  const keys = saleKeys(prefix, saleId);
  return {
    sale,
    client,
    keys,
    prefix,
    clockSlackMs: backend === 'mock' ? 2000 : 0,
    async close() {
      await client.del(...keys.all);
      client.disconnect();
    },
  };
}
