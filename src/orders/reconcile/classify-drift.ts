import type { Reservation } from '../../sale/reservation.js';
import type { OrderEventType } from '../outbox/order-event.js';
import type { DriftKind, RedisOrderState } from './reconcile-types.js';
import type { StoredOrderState } from './stored-order.js';

/** A reservation's record state, with the reason of a release. @internal */
export function redisStateOf(reservation: Reservation): RedisOrderState {
  if (reservation.state === 'released') return reservation.releaseReason ?? 'cancelled';
  return reservation.state;
}

/** The event that ended a hold in this state, or `null` while it is held. @internal */
export function endingEventOf(state: RedisOrderState): OrderEventType | null {
  if (state === 'held') return null;
  return state === 'sold' ? 'confirmed' : state;
}

/** What a drift found in Redis's pass is, and the events that would repair it. @internal */
export interface Classified {
  readonly kind: DriftKind;
  /** Empty for a drift reconcile cannot repair. */
  readonly events: readonly OrderEventType[];
}

/**
 * Compares a record's state with the store's: `null` when they agree (the store
 * has applied exactly the record's last event). The store may only lag Redis
 * (events flow from Redis to the store); anything else is a conflict.
 * @internal
 */
export function classifyDrift(
  redis: RedisOrderState,
  store: StoredOrderState | undefined,
): Classified | null {
  const ending = endingEventOf(redis);
  if (store === undefined) {
    return { kind: 'missing', events: ending === null ? ['reserved'] : ['reserved', ending] };
  }
  if (store === (ending ?? 'reserved')) return null;
  if (store === 'reserved' && ending !== null) return { kind: 'stale', events: [ending] };
  return { kind: 'conflict', events: [] };
}

/** Whether a store state is a live order (Redis must hold its record). @internal */
export function isLiveStoredState(state: StoredOrderState): boolean {
  return state === 'reserved' || state === 'confirmed';
}
