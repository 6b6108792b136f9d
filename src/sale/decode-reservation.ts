import { RedisCommandError } from '../shared/errors/redis-errors.js';
import type { ReleaseReason, Reservation, ReservationState } from './reservation.js';

const STATES: Readonly<Record<string, readonly [ReservationState, ReleaseReason | null]>> = {
  held: ['held', null],
  sold: ['sold', null],
  cancelled: ['released', 'cancelled'],
  expired: ['released', 'expired'],
  failed: ['released', 'failed'],
};

// state|quantity|createdMs|deadlineMs|endedMs|op|idemLength|<idempotency key><user id>
// (see src/sale/lua/lib/record.lua): the last two are split by length, so either
// may contain '|'.
const RECORD = /^([a-z]+)\|(\d+)\|(\d+)\|(\d+)\|(\d*)\|([^|]*)\|(\d+)\|([\s\S]*)$/;

/**
 * A hold whose deadline has passed at `nowMs` (Redis's time when its record was
 * read) reported as what it is, released as expired at its deadline, even before
 * a purchase or `expire()` has released it in Redis: no caller can confirm it any
 * more, and its units return to stock at the next call that needs them.
 * @internal
 */
export function isOverdue(reservation: Reservation, nowMs: number): boolean {
  return reservation.state === 'held' && nowMs >= reservation.deadlineMs;
}

/**
 * Turns a stored reservation record into a {@link Reservation}; with `nowMs`, an
 * overdue hold is reported as expired (see {@link isOverdue}).
 * @internal
 */
export function decodeReservation(
  saleId: string,
  id: string,
  record: unknown,
  nowMs?: number,
): Reservation {
  const match = typeof record === 'string' ? RECORD.exec(record) : null;
  const state = match?.[1] === undefined ? undefined : STATES[match[1]];
  if (match === null || state === undefined) {
    throw new RedisCommandError(
      'decode reservation',
      `unexpected record for ${id}: ${String(record)}`,
    );
  }
  const [, , quantity, created, deadline, ended, , idemLength, rest] = match;
  const deadlineMs = Number(deadline);
  const reservation: Reservation = {
    id,
    saleId,
    // the length is in bytes (Lua's #); ids are well-formed UTF-16, so UTF-8 round-trips
    userId: Buffer.from(rest ?? '', 'utf8')
      .subarray(Number(idemLength))
      .toString('utf8'),
    quantity: Number(quantity),
    state: state[0],
    releaseReason: state[1],
    createdAtMs: Number(created),
    deadlineMs,
    endedAtMs: ended === undefined || ended === '' ? null : Number(ended),
  };
  if (nowMs !== undefined && isOverdue(reservation, nowMs)) {
    return { ...reservation, state: 'released', releaseReason: 'expired', endedAtMs: deadlineMs };
  }
  return reservation;
}
