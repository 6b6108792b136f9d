import { RedisCommandError } from '../shared/errors/redis-errors.js';
import type { ReleaseReason, Reservation, ReservationState } from './reservation.js';

const STATES: Readonly<Record<string, readonly [ReservationState, ReleaseReason | null]>> = {
  held: ['held', null],
  sold: ['sold', null],
  cancelled: ['released', 'cancelled'],
  expired: ['released', 'expired'],
  failed: ['released', 'failed'],
};

// state|quantity|createdMs|deadlineMs|endedMs|userId — the user id runs to the end
// (see src/sale/lua/lib/record.lua), so it may itself contain '|'.
const RECORD = /^([a-z]+)\|(\d+)\|(\d+)\|(\d+)\|(\d*)\|([\s\S]*)$/;

/**
 * Turns a stored reservation record into a {@link Reservation}.
 * @internal
 */
export function decodeReservation(saleId: string, id: string, record: unknown): Reservation {
  const match = typeof record === 'string' ? RECORD.exec(record) : null;
  const state = match?.[1] === undefined ? undefined : STATES[match[1]];
  if (match === null || state === undefined) {
    throw new RedisCommandError(
      'decode reservation',
      `unexpected record for ${id}: ${String(record)}`,
    );
  }
  const [, , quantity, created, deadline, ended, userId] = match;
  return {
    id,
    saleId,
    userId: userId ?? '',
    quantity: Number(quantity),
    state: state[0],
    releaseReason: state[1],
    createdAtMs: Number(created),
    deadlineMs: Number(deadline),
    endedAtMs: ended === undefined || ended === '' ? null : Number(ended),
  };
}
