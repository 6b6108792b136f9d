import { runSaleScript, type SaleContext } from '../sale-context.js';
import type { Reservation } from '../reservation.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { decodeTransition } from '../decode-transition.js';
import { randomToken } from '../random-token.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { BEYOND_EXTENSION } from '../lua/reply-codes.js';
import { ExtensionLimitError } from '../errors/reservation-errors.js';
import { runTransition } from './run-transition.js';

/** Longest single extension asked for (30 days); preload's maxExtendMs bounds the total. */
const MAX_EXTEND_MS = 30 * 86_400_000;

/** @internal */
export async function extend(context: SaleContext, id: unknown, ms: unknown): Promise<Reservation> {
  let extraMs = 0;
  return runTransition(
    context,
    'extend',
    id,
    async (rid) => {
      extraMs = integerInRange('ms', ms, 1, MAX_EXTEND_MS);
      return runSaleScript(context, SALE_SCRIPTS.extend, 'extend', [
        rid,
        extraMs,
        randomToken(), // lets a re-sent copy of this call answer as its first run
      ]);
    },
    (rid, raw) => {
      const reply = replyList('extend', raw);
      if (replyNumber('extend', reply, 0) === BEYOND_EXTENSION) {
        throw new ExtensionLimitError(rid, extraMs, Number(reply[1]));
      }
      return decodeTransition(context.saleId, 'extend', rid, raw);
    },
  );
}
