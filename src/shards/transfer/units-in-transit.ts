import type { SaleContext } from '../../sale/sale-context.js';
import {
  arrivedOf,
  openTransferIds,
  outgoingById,
  type OutgoingTransfer,
} from './transfer-records.js';

/**
 * Units of each item taken from a shard and not yet given to another: the open
 * transfers of every shard whose destination has no record of their arrival (an
 * open transfer that has arrived is counted where it arrived). Three rounds of
 * at most one command per shard, sent to every shard at once: the open ids
 * (unless `openIds` gives them, by the shard's sale id),
 * their records, and their arrival at each destination. Exact while no transfer
 * moves; sharded stats read it beside the shards' counters.
 * @internal
 */
export async function unitsInTransit(
  shards: ReadonlyMap<string, SaleContext>,
  operation = 'unitsInTransit',
  openIds?: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, number>> {
  const open = (
    await Promise.all(
      [...shards.values()].map(async (source) =>
        outgoingById(
          source,
          openIds?.get(source.saleId) ?? (await openTransferIds(source, operation)),
          operation,
        ),
      ),
    )
  )
    .flat()
    .filter((transfer) => transfer.state === 'open');
  const byDestination = new Map<string, OutgoingTransfer[]>();
  for (const transfer of open) {
    const list = byDestination.get(transfer.destination) ?? [];
    list.push(transfer);
    byDestination.set(transfer.destination, list);
  }
  const arrived = await Promise.all(
    [...byDestination].map(async ([destinationId, transfers]) => {
      const destination = shards.get(destinationId);
      const ids = transfers.map((transfer) => transfer.id);
      return destination ? arrivedOf(destination, ids, operation) : new Set<string>();
    }),
  );
  const landed = new Set(arrived.flatMap((set) => [...set]));
  const inTransit = new Map<string, number>();
  for (const transfer of open) {
    if (landed.has(transfer.id)) continue;
    inTransit.set(transfer.item, (inTransit.get(transfer.item) ?? 0) + transfer.units);
  }
  return inTransit;
}
