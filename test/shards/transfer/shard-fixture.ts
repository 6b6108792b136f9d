/**
 * Several sales on one backend, each a shard of one sharded sale, with the
 * contexts the transfer functions take.
 */
import type { FlashSaleOptions } from '../../../src/index.js';
import type { SaleContext } from '../../../src/sale/sale-context.js';
import {
  decodeOutgoing,
  type OutgoingTransfer,
} from '../../../src/shards/transfer/transfer-records.js';
import { clientFor, type AnyClient, type Backend } from '../../harness/clients.js';
import { openSaleOn, type SaleFixture } from '../../sale/sale-fixture.js';

/** What a test gets from {@link openShards}. */
export interface ShardsFixture {
  readonly client: AnyClient;
  readonly shards: readonly SaleFixture[];
  readonly contexts: readonly SaleContext[];
  /** Shard `index`'s fixture. */
  shard(index: number): SaleFixture;
  /** Shard `index`'s context. */
  context(index: number): SaleContext;
  /** Each shard's sale id to its context, as finishOpenTransfers and unitsInTransit take them. */
  readonly byId: ReadonlyMap<string, SaleContext>;
  close(): Promise<void>;
}

/** Opens `count` shard sales (`shard-0` …) on one client of `backend`, each under its own prefix. */
export function openShards(
  backend: Backend,
  count: number,
  options: Partial<Omit<FlashSaleOptions, 'redis' | 'saleId' | 'keyPrefix'>> = {},
): ShardsFixture {
  const client = clientFor(backend);
  const shards = Array.from({ length: count }, (_, index) =>
    openSaleOn(client, `shard-${String(index)}`, options),
  );
  const contexts = shards.map((shard, index): SaleContext => ({
    client,
    saleId: `shard-${String(index)}`,
    keys: shard.keys,
    commandTimeoutMs: 10_000,
  }));
  const at = <T>(list: readonly T[], index: number): T => {
    const found = list[index];
    if (found === undefined) throw new Error(`no shard ${String(index)}`);
    return found;
  };
  return {
    client,
    shards,
    contexts,
    shard: (index) => at(shards, index),
    context: (index) => at(contexts, index),
    byId: new Map(contexts.map((context) => [context.saleId, context])),
    async close() {
      for (const shard of shards) {
        await client.del(shard.keys.transfers);
        await shard.close();
      }
      client.disconnect();
    },
  };
}

/** Every transfer record (`out:<id>`) the shard `source` holds, open or settled, in id order. */
export async function allOutgoing(source: SaleContext): Promise<OutgoingTransfer[]> {
  const fields = await source.client.hgetall(source.keys.transfers);
  return Object.entries(fields)
    .filter(([field]) => field.startsWith('out:'))
    .map(([field, text]) => decodeOutgoing(field.slice('out:'.length), text))
    .filter((transfer): transfer is OutgoingTransfer => transfer !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
