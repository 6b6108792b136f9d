import type { SaleContext } from '../../sale/sale-context.js';
import { randomToken } from '../../sale/random-token.js';
import { deliverUnits, takeUnits, type Taken } from './transfer-steps.js';

/**
 * Moves up to `units` available units of `item` from one shard of a sharded sale
 * to another, and answers how many moved (0 when the source had none, with the
 * moment its earliest hold falls due).
 *
 * Three atomic steps, each on one shard and each safe to run twice: the source
 * takes the units into an open transfer record, the destination takes them in
 * with a record of their arrival, the source settles its record. A crash between
 * steps leaves the transfer open, its units counted as in transit
 * (units-in-transit.ts), until finishOpenTransfers delivers them: no unit is lost
 * or given twice, whichever process finishes it and however often.
 * @internal
 */
export async function moveUnits(
  source: SaleContext,
  destination: SaleContext,
  item: string,
  units: number,
  operation = 'moveUnits',
): Promise<Taken> {
  const id = randomToken();
  const taken = await takeUnits(source, id, item, units, destination.saleId, operation);
  if (taken.units === 0) return taken;
  await deliverUnits(source, destination, { id, item, units: taken.units }, operation);
  return taken;
}
