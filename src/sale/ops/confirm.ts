import { runSaleScript, type SaleContext } from '../sale-context.js';
import type { Reservation } from '../reservation.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { reservationId } from '../reservation-id.js';
import { decodeTransition } from '../decode-transition.js';
import { randomToken } from '../random-token.js';

/** @internal */
export async function confirm(context: SaleContext, id: unknown): Promise<Reservation> {
  const rid = reservationId(context.saleId, id);
  const reply = await runSaleScript(context, SALE_SCRIPTS.confirm, 'confirm', [
    rid,
    randomToken(), // lets a re-sent copy of this call answer as its first run
  ]);
  return decodeTransition(context.saleId, 'confirm', rid, reply);
}
