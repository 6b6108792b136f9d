import { runSaleScript, type SaleContext } from '../sale-context.js';
import type { Reservation } from '../reservation.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { reservationId } from '../reservation-id.js';
import { decodeTransition } from '../decode-transition.js';

/** @internal */
export async function confirm(context: SaleContext, id: unknown): Promise<Reservation> {
  const rid = reservationId(context.saleId, id);
  const reply = await runSaleScript(context, SALE_SCRIPTS.confirm, 'confirm', [rid]);
  return decodeTransition(context.saleId, 'confirm', rid, reply);
}
