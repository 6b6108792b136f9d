import { errorName } from '../../shared/diagnostics/publisher.js';
import {
  transitionChannel,
  type TransitionOperation,
  type TransitionOutcome,
} from '../../shared/diagnostics/transition-message.js';
import { decodeReservation } from '../decode-reservation.js';
import { ALREADY_DONE, BEYOND_EXTENSION, TRANSITIONED } from '../lua/reply-codes.js';
import type { Reservation } from '../reservation.js';

/** confirm/extend: released as expired by this very call (its deadline had passed). */
const RELEASED_NOW = -12;
/** Codes of typed refusals that wrote nothing: unknown, already released, already sold. */
const REFUSALS = new Set([-10, -11, -13, BEYOND_EXTENSION]);
/** Codes whose second reply entry is the reservation's record. */
const WITH_RECORD = new Set([TRANSITIONED, ALREADY_DONE, RELEASED_NOW, -11, -13]);

function outcomeOf(code: unknown): TransitionOutcome {
  if (code === TRANSITIONED || code === RELEASED_NOW) return 'changed';
  if (code === ALREADY_DONE) return 'unchanged';
  return typeof code === 'number' && REFUSALS.has(code) ? 'refused' : 'error';
}

/** The record in a reply, read leniently: a message never throws. */
function recordOf(saleId: string, id: string, reply: readonly unknown[]): Reservation | null {
  if (!WITH_RECORD.has(Number(reply[0]))) return null;
  try {
    return decodeReservation(saleId, id, reply[1]);
  } catch {
    return null;
  }
}

/**
 * Publishes what one confirm, cancel or extend did, from the script's raw reply
 * (`undefined` when the call failed before or without one).
 * @internal
 */
export function publishTransition(
  saleId: string,
  operation: TransitionOperation,
  id: unknown,
  raw: unknown,
  thrown: unknown,
  startedAt: number,
): void {
  const reply = Array.isArray(raw) ? (raw as readonly unknown[]) : [];
  const code = reply.length > 0 ? Number(reply[0]) : undefined;
  const reservationId = typeof id === 'string' ? id : '';
  const record = recordOf(saleId, reservationId, reply);
  const outcome = code === undefined ? 'error' : outcomeOf(code);
  transitionChannel.publish({
    saleId,
    operation,
    reservationId,
    outcome,
    state: record?.state ?? null,
    releaseReason: record?.releaseReason ?? null,
    quantity: record?.quantity ?? 0,
    lines: record?.lines ?? [],
    // a refusal is thrown too, as a typed error: name it either way
    error: thrown === undefined ? null : errorName(thrown),
    latencyMs: performance.now() - startedAt,
  });
}
