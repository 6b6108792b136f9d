import { RedisCommandError } from '../shared/errors/redis-errors.js';
import { decodeLines } from './catalog/lines.js';
import { decodeMetadata } from './catalog/metadata.js';
import type { ReleaseReason, Reservation, ReservationState } from './reservation.js';

const STATES: Readonly<Record<string, readonly [ReservationState, ReleaseReason | null]>> = {
  held: ['held', null],
  sold: ['sold', null],
  cancelled: ['released', 'cancelled'],
  expired: ['released', 'expired'],
  failed: ['released', 'failed'],
};

// state|quantity|createdMs|deadlineMs|endedMs|op|idemLength|userLength|lines|
// <idempotency key><user id><metadata> (see src/sale/lua/lib/record.lua): the last
// three are split by length in bytes, so any of them may contain '|'.
const RECORD = /^([a-z]+)\|(\d+)\|(\d+)\|(\d+)\|(\d*)\|([^|]*)\|(\d+)\|(\d+)\|([^|]*)\|([\s\S]*)$/;

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
  const lines = match?.[9] === undefined ? null : decodeLines(match[9]);
  if (match === null || state === undefined || lines === null) {
    throw new RedisCommandError(
      'decode reservation',
      `unexpected record for ${id}: ${String(record)}`,
    );
  }
  const [, , quantity, created, deadline, ended, , idemLength, userLength, , rest] = match;
  const deadlineMs = Number(deadline);
  // the lengths are in bytes (Lua's #); ids are well-formed UTF-16, so UTF-8 round-trips
  const tail = Buffer.from(rest ?? '', 'utf8');
  const userStart = Number(idemLength);
  const userEnd = userStart + Number(userLength);
  const reservation: Reservation = {
    id,
    saleId,
    userId: tail.subarray(userStart, userEnd).toString('utf8'),
    quantity: Number(quantity),
    lines,
    metadata: decodeMetadata(tail.subarray(userEnd).toString('utf8')),
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
