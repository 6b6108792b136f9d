import { cartLines, encodeLines } from '../../sale/catalog/lines.js';
import { encodeMetadata } from '../../sale/catalog/metadata.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { isPlainObject } from '../../shared/options/plain-object.js';
import type { StoredOrder } from './stored-order.js';

const STATES = new Set<string>(['reserved', 'confirmed', 'cancelled', 'expired', 'failed']);

/** A live order of the store, checked, as recover-8.lua takes it. @internal */
export interface ReplayOrder {
  readonly reservationId: string;
  readonly args: readonly string[];
}

/**
 * Checks one order the store exported and, when it is live, the six values
 * recover-8.lua takes for it; `null` for a released order (nothing to rebuild).
 * Throws InvalidArgumentError naming the bad field (`exportOrders()[3].lines`).
 * @internal
 */
export function replayArgs(name: string, value: unknown): ReplayOrder | null {
  if (!isPlainObject(value)) throw new InvalidArgumentError(name, value, 'a StoredOrder');
  const order = value as unknown as StoredOrder;
  const { reservationId, userId, state, deadlineMs } = order;
  if (typeof reservationId !== 'string' || reservationId === '') {
    throw new InvalidArgumentError(`${name}.reservationId`, reservationId, 'a reservation id');
  }
  if (typeof state !== 'string' || !STATES.has(state)) {
    throw new InvalidArgumentError(`${name}.state`, state, 'a StoredOrderState');
  }
  if (state !== 'reserved' && state !== 'confirmed') return null;
  if (typeof userId !== 'string' || userId === '') {
    throw new InvalidArgumentError(`${name}.userId`, userId, 'a user id');
  }
  if (!Number.isSafeInteger(deadlineMs) || deadlineMs < 0) {
    throw new InvalidArgumentError(`${name}.deadlineMs`, deadlineMs, 'an instant in ms');
  }
  let lines: string;
  let metadata: string;
  try {
    lines = encodeLines(cartLines(order.lines));
    metadata = order.metadata === null ? '' : encodeMetadata(order.metadata);
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      throw new InvalidArgumentError(`${name}.${error.argument}`, error.value, 'valid', {
        cause: error,
      });
    }
    throw error;
  }
  return {
    reservationId,
    args: [
      reservationId,
      state === 'confirmed' ? 'sold' : 'held',
      String(deadlineMs),
      userId,
      lines,
      metadata,
    ],
  };
}
