import { runSaleScript, type SaleContext } from '../sale-context.js';
import { decodeReservation } from '../decode-reservation.js';
import type { Reservation } from '../reservation.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { textId } from '../../shared/validate/text-id.js';

/** One buyer's standing in a sale: what a "did I get it?" page polls. */
export interface UserStatus {
  /** The buyer. */
  readonly userId: string;
  /** The sale's per-user limit. */
  readonly perUserLimit: number;
  /** Units this buyer holds or has bought. */
  readonly used: number;
  /** Units this buyer may still reserve: `perUserLimit - used`. */
  readonly remaining: number;
  /**
   * The buyer's reservations, oldest first: every held and sold one, and the most
   * recent released ones.
   */
  readonly reservations: readonly Reservation[];
}

/** @internal */
export async function userStatus(
  context: SaleContext,
  userId: unknown,
): Promise<UserStatus | null> {
  const user = textId('userId', userId);
  const reply = replyList(
    'userStatus',
    await runSaleScript(context, SALE_SCRIPTS.userStatus, 'userStatus', [user]),
  );
  const perUserLimit = replyNumber('userStatus', reply, 0);
  if (perUserLimit < 0) return null;
  const used = replyNumber('userStatus', reply, 1);
  const reservations: Reservation[] = [];
  for (let index = 2; index + 1 < reply.length; index += 2) {
    reservations.push(decodeReservation(context.saleId, String(reply[index]), reply[index + 1]));
  }
  return {
    userId: user,
    perUserLimit,
    used,
    remaining: Math.max(0, perUserLimit - used),
    reservations,
  };
}
