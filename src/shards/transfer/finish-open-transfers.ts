import type { SaleContext } from '../../sale/sale-context.js';
import { outgoingTransfers } from './transfer-records.js';
import { deliverUnits } from './transfer-steps.js';
import { SaleDataError } from '../../sale/errors/sale-errors.js';

/**
 * Delivers every open transfer the shard `source` gave (a process died between
 * its steps, or a destination failed), and answers how many it delivered. Safe
 * to run at any time, from any number of processes at once, beside transfers in
 * flight: each step is idempotent, so a transfer's units arrive once.
 * `shards` maps each shard's sale id to its context; a transfer to a sale not in
 * it is damaged data (SaleDataError), and stays open.
 * @internal
 */
export async function finishOpenTransfers(
  source: SaleContext,
  shards: ReadonlyMap<string, SaleContext>,
  operation = 'finishOpenTransfers',
): Promise<number> {
  let delivered = 0;
  for (const transfer of await outgoingTransfers(source, operation)) {
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
