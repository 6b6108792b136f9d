import { runSaleScript, type SaleContext } from '../sale-context.js';
import type { Reservation } from '../reservation.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { randomToken } from '../random-token.js';
import { runTransition } from './run-transition.js';

/** @internal */
export async function confirm(context: SaleContext, id: unknown): Promise<Reservation> {
  return runTransition(context, 'confirm', id, async (rid) =>
    runSaleScript(context, SALE_SCRIPTS.confirm, 'confirm', [
      rid,
      randomToken(), // lets a re-sent copy of this call answer as its first run
    ]),
  );
}
