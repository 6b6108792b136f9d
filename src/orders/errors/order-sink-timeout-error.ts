import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';

/**
 * An {@link OrderSink} write did not settle within its time limit. The library
 * stopped waiting and aborted the write's signal; the events count as not written
 * (the outbox retries them, the in-request path releases the hold).
 *
 * @see {@link isOrderSinkTimeoutError} to recognise it
 * @group Errors
 * @category Order pipeline
 */
export class OrderSinkTimeoutError extends FlashSaleError {
  override readonly name = 'OrderSinkTimeoutError' as const;
  /** The limit that passed, in milliseconds. */
  readonly timeoutMs: number;

  /** @param timeoutMs - the limit that passed */
  constructor(timeoutMs: number) {
    super(
      'ORDER_SINK_TIMEOUT',
      `the order sink did not finish writing within ${String(timeoutMs)} ms`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * True when `error` is an {@link OrderSinkTimeoutError}.
 * @function
 * @group Errors
 * @category Order pipeline
 */
export const isOrderSinkTimeoutError = errorGuard(OrderSinkTimeoutError, 'OrderSinkTimeoutError');
