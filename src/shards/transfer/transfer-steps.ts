import { runSaleScript, type SaleContext } from '../../sale/sale-context.js';
import { SALE_SCRIPTS } from '../../sale/lua/sale-scripts.js';
import { transferError } from '../../sale/lua/reply-codes.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';

/** One transfer between two shards, as the source recorded it. @internal */
export interface TransferParts {
  readonly id: string;
  readonly item: string;
  readonly units: number;
}

/** What step 1 answered. @internal */
export interface Taken {
  /** Units taken into the transfer; 0 when the source had none (nothing recorded). */
  readonly units: number;
  /**
   * When none were taken: ms until the source's earliest hold falls due (its
   * units may come back then), or undefined when the item has no holds.
   */
  readonly dueInMs: number | undefined;
}

/**
 * Step 1, on the source: takes up to `units` available units of `item` into an
 * open transfer `id` to `destination`. A re-run answers what the first run took.
 * @internal
 */
export async function takeUnits(
  source: SaleContext,
  id: string,
  item: string,
  units: number,
  destination: string,
  operation: string,
): Promise<Taken> {
  const reply = replyList(
    operation,
    await runSaleScript(
      source,
      SALE_SCRIPTS.transferOut,
      operation,
      [id, item, units, destination],
      [source.keys.transfers],
    ),
  );
  const code = replyNumber(operation, reply, 0);
  const error = transferError(code, source.saleId, item, operation);
  if (error) throw error;
  const detail = replyNumber(operation, reply, 1);
  if (code !== 0) return { units: detail, dueInMs: undefined };
  return { units: 0, dueInMs: detail < 0 ? undefined : detail };
}

/**
 * Steps 2 and 3: gives the units of an open transfer to its destination, then
 * settles the source's record. Each step is idempotent, so any process may run
 * this for any open transfer, as often as it likes, while its first process still
 * runs or after it died: the units arrive once. When the destination cannot take
 * them (its keys gone, its data damaged) this throws and the transfer stays open,
 * its units counted as in transit.
 * @internal
 */
export async function deliverUnits(
  source: SaleContext,
  destination: SaleContext,
  transfer: TransferParts,
  operation: string,
): Promise<void> {
  const reply = replyList(
    operation,
    await runSaleScript(
      destination,
      SALE_SCRIPTS.transferIn,
      operation,
      [transfer.id, transfer.item, transfer.units, source.saleId],
      [destination.keys.transfers],
    ),
  );
  const code = replyNumber(operation, reply, 0);
  const error = transferError(code, destination.saleId, transfer.item, operation);
  if (error) throw error;
  await runSaleScript(
    source,
    SALE_SCRIPTS.transferSettle,
    operation,
    [transfer.id],
    [source.keys.transfers],
  );
}
