import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { withTimeLimit } from '../../shared/timing/time-limit.js';
import { OrderSinkTimeoutError } from '../errors/order-sink-timeout-error.js';
import type { OrderStoreContext, StoredOrderState } from './stored-order.js';

const STATES = new Set<string>(['reserved', 'confirmed', 'cancelled', 'expired', 'failed']);

/**
 * Runs one store call under a time limit: past `timeoutMs` its signal is aborted
 * and the call rejects with {@link OrderSinkTimeoutError}. A rejection of the
 * store's own passes through.
 * @internal
 */
export async function withStoreTimeout<T>(
  timeoutMs: number,
  call: (context: OrderStoreContext) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  return withTimeLimit(
    Promise.resolve().then(async () => call({ signal: controller.signal })),
    timeoutMs,
    () => {
      const error = new OrderSinkTimeoutError(timeoutMs);
      controller.abort(error); // the store's call learns it was given up
      return error;
    },
  );
}

/**
 * Checks what `lookup` answered: a Map from reservation id to a stored state.
 * Ids it was not asked about are ignored.
 * @internal
 */
export function checkLookupReply(reply: unknown): ReadonlyMap<string, StoredOrderState> {
  if (!(reply instanceof Map)) {
    throw new InvalidArgumentError('sink.lookup()', reply, 'a Map of reservation id → state');
  }
  for (const [id, state] of reply as Map<unknown, unknown>) {
    if (typeof id !== 'string' || typeof state !== 'string' || !STATES.has(state)) {
      throw new InvalidArgumentError(
        `sink.lookup() entry ${String(id)}`,
        state,
        'one of reserved, confirmed, cancelled, expired, failed',
      );
    }
  }
  return reply as ReadonlyMap<string, StoredOrderState>;
}
