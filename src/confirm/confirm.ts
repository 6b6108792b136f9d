import { runSaleScript, type SaleContext } from '../sale/sale-context.js';
import type { Reservation } from '../sale/reservation.js';
import { SALE_SCRIPTS } from '../scripts/sale-scripts.js';
import { reservationId } from '../validate/reservation-id.js';
import { decodeTransition } from '../sale/decode-transition.js';

/** @internal */
export async function confirm(context: SaleContext, id: unknown): Promise<Reservation> {
  const rid = reservationId(context.saleId, id);
  const reply = await runSaleScript(context, SALE_SCRIPTS.confirm, 'confirm', [rid]);
  return decodeTransition(context.saleId, 'confirm', rid, reply);
}
