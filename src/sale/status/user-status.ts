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
  /** The sale's per-user limit over all items. */
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
  /** Per item the buyer holds or bought, by item id. */
  readonly items: Readonly<Record<string, UserItemStatus>>;
}

/**
 * One buyer's standing on one item.
 * @group Results
 * @category Sale
 */
export interface UserItemStatus {
  /** Units of the item this buyer holds or has bought (overdue holds not counted). */
  readonly used: number;
  /** The item's own per-user limit, or `null` when only the sale's applies. */
  readonly perUserLimit: number | null;
  /**
   * Units of it this buyer may still reserve, by the item's limit and the
   * sale's together.
   */
  readonly remaining: number;
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
  const itemCount = replyNumber('userStatus', reply, 3);
  const perItem = new Map<string, { used: number; limit: number | null }>();
  let index = 4;
  for (let n = 0; n < itemCount; n += 1, index += 3) {
    const limit = reply[index + 2] === '' ? null : replyNumber('userStatus', reply, index + 2);
    perItem.set(String(reply[index]), { used: replyNumber('userStatus', reply, index + 1), limit });
  }
  const reservations: Reservation[] = [];
  for (; index + 1 < reply.length; index += 2) {
    const stored = decodeReservation(context.saleId, String(reply[index]), reply[index + 1]);
    // overdue: still counted in Redis until a purchase or expire() releases it
    if (isOverdue(stored, nowMs)) {
      used -= stored.quantity;
      for (const line of stored.lines) {
        const entry = perItem.get(line.item);
        if (entry) entry.used -= line.quantity;
      }
    }
    reservations.push(decodeReservation(context.saleId, stored.id, reply[index + 1], nowMs));
  }
  used = Math.max(0, used);
  const saleRemaining = Math.max(0, perUserLimit - used);
  // fromEntries defines own properties, so even an item named __proto__ is data
  const entries: [string, UserItemStatus][] = [];
  for (const [item, entry] of perItem) {
    const itemUsed = Math.max(0, entry.used);
    if (itemUsed === 0) continue;
    entries.push([
      item,
      {
        used: itemUsed,
        perUserLimit: entry.limit,
        remaining:
          entry.limit === null
            ? saleRemaining
            : Math.min(saleRemaining, Math.max(0, entry.limit - itemUsed)),
      },
    ]);
  }
  const items: Readonly<Record<string, UserItemStatus>> = Object.fromEntries(entries);
  return {
    userId: user,
    perUserLimit,
    used,
    remaining: saleRemaining,
    reservations,
    items,
  };
}
