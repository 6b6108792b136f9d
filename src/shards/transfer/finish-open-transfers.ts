import type { SaleContext } from '../../sale/sale-context.js';
import { openTransferIds, outgoingById, type OutgoingTransfer } from './transfer-records.js';
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
 * flight: each step is idempotent, so a transfer's units arrive once. It reads
 * the shard's open ids and their records (two commands), then delivers each.
 * `shards` maps each shard's sale id to its context.
 * @internal
 */
export async function finishOpenTransfers(
  source: SaleContext,
  shards: ReadonlyMap<string, SaleContext>,
  operation = 'finishOpenTransfers',
): Promise<number> {
  return finishTransfersById(source, await openTransferIds(source, operation), shards, operation);
}

/**
 * As {@link finishOpenTransfers}, for the transfers `ids` of `source` only (the
 * open ones its transfers hash names for an item): one HMGET of their records.
 * @internal
 */
export async function finishTransfersById(
  source: SaleContext,
  ids: readonly string[],
  shards: ReadonlyMap<string, SaleContext>,
  operation: string,
): Promise<number> {
  return deliverOpen(source, await outgoingById(source, ids, operation), shards, operation);
}
