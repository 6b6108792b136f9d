import type { SaleContext } from '../../sale/sale-context.js';
import { hasArrived, outgoingTransfers } from './transfer-records.js';

/**
 * Units of each item taken from a shard and not yet given to another: the open
 * transfers of every shard whose destination has no record of their arrival (an
 * open transfer that has arrived is counted where it arrived). Read shard by
 * shard, so exact while no transfer moves; sharded stats read it beside the
 * shards' counters.
 * @internal
 */
export async function unitsInTransit(
  shards: ReadonlyMap<string, SaleContext>,
  operation = 'unitsInTransit',
): Promise<Map<string, number>> {
  const inTransit = new Map<string, number>();
  for (const source of shards.values()) {
    for (const transfer of await outgoingTransfers(source, operation)) {
      if (transfer.state !== 'open') continue;
      const destination = shards.get(transfer.destination);
      if (destination && (await hasArrived(destination, transfer.id, operation))) continue;
      inTransit.set(transfer.item, (inTransit.get(transfer.item) ?? 0) + transfer.units);
    }
  }
  return inTransit;
}
