import { runSaleScript, type SaleContext } from '../sale-context.js';
import { decodeReservation, isOverdue } from '../decode-reservation.js';
import type { Reservation } from '../reservation.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { textId } from '../../shared/validate/text-id.js';

/**
 * One buyer's standing in a sale: what a "did I get it?" page polls.
 * @group Results
 * @category Sale
 */
export interface UserStatus {
  /** The buyer. */
  readonly userId: string;
  /** The sale's per-user limit. */
  readonly perUserLimit: number;
  /**
   * Units this buyer holds or has bought. A hold whose deadline has passed no
   * longer counts (it is reported as released, expired).
   */
  readonly used: number;
  /** Units this buyer may still reserve: `perUserLimit - used`. */
  readonly remaining: number;
  /**
   * The buyer's reservations, oldest first: the held and sold ones (the newest 100
   * when there are more) and the most recent released ones (each kept for the
   * sale's `historyMs` after it ended).
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
  const nowMs = replyNumber('userStatus', reply, 2);
  let used = replyNumber('userStatus', reply, 1);
  const reservations: Reservation[] = [];
  for (let index = 3; index + 1 < reply.length; index += 2) {
    const stored = decodeReservation(context.saleId, String(reply[index]), reply[index + 1]);
    // overdue: still counted in Redis until a purchase or expire() releases it
    if (isOverdue(stored, nowMs)) used -= stored.quantity;
    reservations.push(decodeReservation(context.saleId, stored.id, reply[index + 1], nowMs));
  }
  used = Math.max(0, used);
  return {
    userId: user,
    perUserLimit,
    used,
    remaining: Math.max(0, perUserLimit - used),
    reservations,
  };
}
