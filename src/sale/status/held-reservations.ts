import { decodeReservation } from '../decode-reservation.js';
import type { Reservation } from '../reservation.js';
import { reservationId } from '../reservation-id.js';
import { runSaleScript, type SaleContext } from '../sale-context.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { itemId } from '../catalog/item-id.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { defineOptions } from '../../shared/options/define-options.js';
import { boolean, checked, integer, text, textIdKind } from '../../shared/options/kinds.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';

/**
 * Most holds one {@link FlashSale.heldReservations} call returns.
 * @group Options
 * @category Sale
 */
export const MAX_HELD_PAGE = 1000;

/** Entries of the deadlines set one call examines at most, whatever the filters. */
const EXAMINE_PER_CALL = 1000;

/**
 * Options of {@link FlashSale.heldReservations}: a page size, where to resume,
 * and filters (every one given must match).
 * @group Options
 * @category Sale
 */
export interface HeldReservationsOptions {
  /**
   * Most holds to return (1 to {@link MAX_HELD_PAGE}).
   * @defaultValue `100`
   */
  readonly limit?: number;
  /**
   * Resume after the previous page: its {@link HeldReservationsPage.cursor}.
   * Without it, the listing starts at the earliest deadline.
   * @defaultValue none
   */
  readonly cursor?: string;
  /**
   * Only this buyer's holds (any buyer when absent).
   * @defaultValue none
   */
  readonly userId?: string;
  /**
   * Only holds with a line of this item (any item when absent).
   * @defaultValue none
   */
  readonly item?: string;
  /**
   * Only holds whose deadline has passed (by Redis's clock) but that no purchase
   * or `expire()` has released yet.
   * @defaultValue `false`
   */
  readonly overdueOnly?: boolean;
}

/**
 * A held reservation as {@link FlashSale.heldReservations} lists it: `state` is
 * `'held'` even when the deadline has passed, and `overdue` says so.
 * @group Results
 * @category Sale
 */
export interface HeldReservation extends Reservation {
  /** True when its deadline has passed at {@link HeldReservationsPage.nowMs}: the next purchase that needs its units, or `expire()`, releases it. */
  readonly overdue: boolean;
}

/**
 * One page of a sale's held reservations, earliest deadline first.
 * @group Results
 * @category Sale
 */
export interface HeldReservationsPage {
  /** Redis's clock when the page was read (Unix epoch ms). */
  readonly nowMs: number;
  /** The page's holds that match the filters (a filtered page may hold fewer than `limit`, even none). */
  readonly holds: readonly HeldReservation[];
  /** Pass as {@link HeldReservationsOptions.cursor} for the next page; `null` when the listing is complete. */
  readonly cursor: string | null;
}

const CURSOR = /^(\d{1,16})\/(.+)$/s;

const CURSOR_EXPECTED = 'a cursor of a page of heldReservations of this sale';

/** The cursor's deadline and reservation id; throws naming `cursor` when it is not one of this sale's. */
function parseCursor(saleId: string, cursor: string): [deadline: string, id: string] {
  const match = CURSOR.exec(cursor);
  const [, deadline, id] = match ?? [];
  if (deadline === undefined || id === undefined) {
    throw new InvalidArgumentError('cursor', cursor, CURSOR_EXPECTED);
  }
  try {
    reservationId(saleId, id);
  } catch {
    throw new InvalidArgumentError('cursor', cursor, CURSOR_EXPECTED);
  }
  return [deadline, id];
}

/** The options of `heldReservations`. @internal */
export const HELD_RESERVATIONS_SPEC = defineOptions<HeldReservationsOptions>()('heldReservations', {
  limit: integer(1, MAX_HELD_PAGE).default(100),
  cursor: text().optional(),
  userId: textIdKind().optional(),
  item: checked(itemId).optional(),
  overdueOnly: boolean().default(false),
});

/**
 * Defaults of {@link HeldReservationsOptions}.
 * @group Options
 * @category Sale
 */
export const HELD_RESERVATIONS_DEFAULTS = HELD_RESERVATIONS_SPEC.defaults;

/** @internal */
export async function heldReservations(
  context: SaleContext,
  options: unknown,
): Promise<HeldReservationsPage> {
  const { limit, cursor, userId, item, overdueOnly } = resolveOptions(
    HELD_RESERVATIONS_SPEC,
    options,
  );
  const [after, afterId] = cursor === undefined ? ['', ''] : parseCursor(context.saleId, cursor);
  const reply = replyList(
    'heldReservations',
    await runSaleScript(context, SALE_SCRIPTS.held, 'heldReservations', [
      after,
      afterId,
      Math.max(EXAMINE_PER_CALL, limit + 1),
      limit,
      overdueOnly ? '1' : '0',
      userId ?? '',
      item ?? '',
    ]),
  );
  const nowMs = replyNumber('heldReservations', reply, 0);
  const holds: HeldReservation[] = [];
  for (let index = 4; index + 1 < reply.length; index += 2) {
    const held = decodeReservation(context.saleId, String(reply[index]), reply[index + 1]);
    holds.push({ ...held, overdue: nowMs >= held.deadlineMs });
  }
  const more = replyNumber('heldReservations', reply, 1) === 1;
  return {
    nowMs,
    holds,
    cursor: more ? `${String(reply[2])}/${String(reply[3])}` : null,
  };
}
