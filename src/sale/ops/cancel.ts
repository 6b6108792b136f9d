import { runSaleScript, type SaleContext } from '../sale-context.js';
import type { Reservation } from '../reservation.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { randomToken } from '../random-token.js';
import { runTransition } from './run-transition.js';

/**
 * Releases a held reservation. `failed` marks a release by the order pipeline
 * because the order could not be written (a compensation), `cancelled` one asked
 * for by the buyer or the app.
 * @internal
 */
export async function cancel(
  context: SaleContext,
  id: unknown,
  reason: 'cancelled' | 'failed' = 'cancelled',
): Promise<Reservation> {
  return runTransition(context, 'cancel', id, async (rid) =>
    runSaleScript(context, SALE_SCRIPTS.cancel, 'cancel', [
      rid,
      reason,
      randomToken(), // lets a re-sent copy of this call answer as its first run
    ]),
  );
}
