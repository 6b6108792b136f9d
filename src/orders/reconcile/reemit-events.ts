import { SaleDataError, SaleNotLoadedError } from '../../sale/errors/sale-errors.js';
import { SALE_SCRIPTS } from '../../sale/lua/sale-scripts.js';
import { SALE_DATA_DAMAGED } from '../../sale/lua/reply-codes.js';
import { OP_REPLAY_MS, randomToken } from '../../sale/random-token.js';
import { runSaleScript, type SaleContext } from '../../sale/sale-context.js';
import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import type { OrderEventType } from '../outbox/order-event.js';

/** reemit-8.lua's answers besides its letters (mapped here only). */
const SALE_GONE = -1;
const OUTBOX_OFF = -2;

/** One reservation's events to append again. @internal */
export interface Reemit {
  readonly reservationId: string;
  readonly events: readonly OrderEventType[];
}

/** Per reservation: appended, or why not. @internal */
export type ReemitOutcome = 'emitted' | 'changed' | 'outbox_off';

/**
 * Appends the events to the sale's outbox again from their records (reemit-8.lua),
 * all in one script call; a re-sent call appends nothing twice (its op key).
 * @internal
 */
export async function reemitEvents(
  context: SaleContext,
  operation: string,
  batch: readonly Reemit[],
): Promise<ReemitOutcome[]> {
  if (batch.length === 0) return [];
  const args: (string | number)[] = [OP_REPLAY_MS];
  for (const { reservationId, events } of batch) {
    const ending = events.find((type) => type !== 'reserved') ?? '';
    args.push(reservationId, events.includes('reserved') ? '1' : '0', ending);
  }
  const op = context.keys.op(randomToken());
  const reply = await runSaleScript(context, SALE_SCRIPTS.reemit, operation, args, [op]);
  if (reply === SALE_GONE) throw new SaleNotLoadedError(context.saleId, operation);
  if (reply === SALE_DATA_DAMAGED) throw new SaleDataError(context.saleId, operation);
  if (reply === OUTBOX_OFF) return batch.map(() => 'outbox_off');
  const letters = typeof reply === 'string' ? reply : '';
  if (letters.length !== batch.length || !/^[egc]*$/.test(letters)) {
    throw new RedisCommandError(operation, `unexpected reply from reemit: ${String(reply)}`);
  }
  return letters.split('').map((letter) => (letter === 'e' ? 'emitted' : 'changed'));
}
