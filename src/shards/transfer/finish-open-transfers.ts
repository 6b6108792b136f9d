import type { SaleContext } from '../../sale/sale-context.js';
import { callRedis } from '../../shared/redis/call-redis.js';
import { decodeOutgoing, outgoingTransfers, type OutgoingTransfer } from './transfer-records.js';
import { deliverUnits } from './transfer-steps.js';
import { SaleDataError } from '../../sale/errors/sale-errors.js';

/**
 * Delivers `transfers` (the shard `source` gave them) that are still open, and
 * answers how many it delivered. `shards` maps each shard's sale id to its
 * context; a transfer to a sale not in it is damaged data (SaleDataError), and
 * stays open.
 */
async function deliverOpen(
  source: SaleContext,
  transfers: readonly OutgoingTransfer[],
  shards: ReadonlyMap<string, SaleContext>,
  operation: string,
): Promise<number> {
  let delivered = 0;
  for (const transfer of transfers) {
    if (transfer.state !== 'open') continue;
    const destination = shards.get(transfer.destination);
    if (!destination) {
      throw new SaleDataError(source.saleId, operation);
    }
    await deliverUnits(source, destination, transfer, operation);
    delivered += 1;
  }
  return delivered;
}

/**
 * Delivers every open transfer the shard `source` gave (a process died between
 * its steps, or a destination failed), and answers how many it delivered. Safe
 * to run at any time, from any number of processes at once, beside transfers in
 * flight: each step is idempotent, so a transfer's units arrive once.
 * `shards` maps each shard's sale id to its context.
 * @internal
 */
export async function finishOpenTransfers(
  source: SaleContext,
  shards: ReadonlyMap<string, SaleContext>,
  operation = 'finishOpenTransfers',
): Promise<number> {
  return deliverOpen(source, await outgoingTransfers(source, operation), shards, operation);
}

/**
 * As {@link finishOpenTransfers}, for the transfers `ids` of `source` only (the
 * open ones its transfers hash names for an item): one HMGET of their records
 * instead of a scan of them all.
 * @internal
 */
export async function finishTransfersById(
  source: SaleContext,
  ids: readonly string[],
  shards: ReadonlyMap<string, SaleContext>,
  operation: string,
): Promise<number> {
  if (ids.length === 0) return 0;
  const records = await callRedis(
    operation,
    source.commandTimeoutMs,
    source.client.hmget(source.keys.transfers, ...ids.map((id) => `out:${id}`)),
  );
  const transfers: OutgoingTransfer[] = [];
  ids.forEach((id, index) => {
    const text = records[index];
    const transfer = typeof text === 'string' ? decodeOutgoing(id, text) : undefined;
    if (transfer) transfers.push(transfer);
  });
  return deliverOpen(source, transfers, shards, operation);
}
