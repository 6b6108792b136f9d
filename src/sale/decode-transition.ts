import { RedisCommandError } from '../shared/errors/redis-errors.js';
import { ALREADY_DONE, TRANSITIONED, transitionError } from './lua/reply-codes.js';
import { replyList, replyNumber } from '../shared/lua/reply-shape.js';
import { decodeReservation } from './decode-reservation.js';
import type { Reservation } from './reservation.js';

/**
 * Decodes a confirm/cancel reply `{ code, record }`: the reservation after the
 * call, or the typed error its code stands for.
 * @internal
 */
export function decodeTransition(
  saleId: string,
  operation: string,
  id: string,
  raw: unknown,
): Reservation {
  const reply = replyList(operation, raw);
  const code = replyNumber(operation, reply, 0);
  const reservation = reply[1] === '' ? undefined : decodeReservation(saleId, id, reply[1]);
  const error = transitionError(code, saleId, operation, id, reservation);
  if (error) throw error;
  if (reservation === undefined || (code !== TRANSITIONED && code !== ALREADY_DONE)) {
    throw new RedisCommandError(operation, `unexpected reply ${JSON.stringify(raw)}`);
  }
  return reservation;
}
