import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new OrderSinkTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([
      Promise.resolve().then(async () => call({ signal: controller.signal })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
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
