import { OrderSinkTimeoutError } from '../errors/order-sink-timeout-error.js';
import type { OrderEvent } from '../outbox/order-event.js';
import type { OrderSink } from './order-sink.js';

/** How one sink write ended. @internal */
export type SinkWriteOutcome =
  | { readonly status: 'written' }
  | { readonly status: 'failed'; readonly error: unknown }
  /** `giveUp` aborted first: the outcome is unknown and nothing may be acknowledged. */
  | { readonly status: 'abandoned' };

/**
 * Calls `sink.write` under a time limit. A write that throws, rejects or outlasts
 * `timeoutMs` is `failed` (its signal is aborted); when `giveUp` aborts first
 * (the worker is stopping) it is `abandoned`. Never rejects.
 * @internal
 */
export async function writeToSink(
  sink: OrderSink,
  events: readonly OrderEvent[],
  timeoutMs: number,
  giveUp?: AbortSignal,
): Promise<SinkWriteOutcome> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onGiveUp: (() => void) | undefined;
  const outcome = await new Promise<SinkWriteOutcome>((resolve) => {
    timer = setTimeout(() => {
      resolve({ status: 'failed', error: new OrderSinkTimeoutError(timeoutMs) });
    }, timeoutMs);
    timer.unref();
    onGiveUp = () => {
      resolve({ status: 'abandoned' });
    };
    if (giveUp?.aborted === true) onGiveUp();
    giveUp?.addEventListener('abort', onGiveUp, { once: true });
    Promise.resolve()
      .then(async () => sink.write(events, { signal: controller.signal }))
      .then(
        () => {
          resolve({ status: 'written' });
        },
        (error: unknown) => {
          resolve({ status: 'failed', error });
        },
      );
  });
  clearTimeout(timer);
  if (onGiveUp !== undefined) giveUp?.removeEventListener('abort', onGiveUp);
  if (outcome.status !== 'written')
    controller.abort(outcome.status === 'failed' ? outcome.error : undefined);
  return outcome;
}
