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
 * The user id and the metadata text out of a record's tail, split by the lengths
 * in bytes (Lua's #) the record gives. ids are well-formed UTF-16, so UTF-8
 * round-trips; an all-ASCII tail (the usual one) is split without a Buffer.
 */
function splitTail(tail: string, idemBytes: number, userBytes: number): [string, string] {
  const userEnd = idemBytes + userBytes;
  if (Buffer.byteLength(tail, 'utf8') === tail.length) {
    return [tail.slice(idemBytes, userEnd), tail.slice(userEnd)];
  }
  const bytes = Buffer.from(tail, 'utf8');
  return [
    bytes.subarray(idemBytes, userEnd).toString('utf8'),
    bytes.subarray(userEnd).toString('utf8'),
  ];
}

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
  const [userId, metadataText] = splitTail(rest ?? '', Number(idemLength), Number(userLength));
  const reservation: Reservation = {
    id,
    saleId,
    userId,
    quantity: Number(quantity),
    lines,
    metadata: decodeMetadata(metadataText),
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
