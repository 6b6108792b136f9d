import { errorGuard, FlashSaleError } from '../../shared/errors/flash-sale-error.js';

/**
 * The brokers the sinks of `flash-sale/rabbitmq` and `flash-sale/nats` write to.
 * @group Errors
 */
export type BrokerName = 'rabbitmq' | 'nats';

/**
 * The broker could not be reached, or the connection was lost before it had
 * confirmed every message of a write (connection refused, closed, timed out, the
 * sink closed). Whether some messages were stored is unknown: the write rejected,
 * so the batch is written again, and the consumer drops the copies by event id.
 *
 * @see {@link isBrokerUnavailableError} to recognise it
 * @group Errors
 */
export class BrokerUnavailableError extends FlashSaleError {
  override readonly name = 'BrokerUnavailableError' as const;
  /** Which broker: `'rabbitmq'` or `'nats'`. */
  readonly broker: BrokerName;

  /**
   * @param broker - which broker
   * @param message - what failed, e.g. `'connecting to 127.0.0.1:5672'`
   * @param cause - the client's original error
   */
  constructor(broker: BrokerName, message: string, cause?: unknown) {
    super(
      'BROKER_UNAVAILABLE',
      `${broker}: ${message}${cause === undefined ? '' : ` (${messageOf(cause)})`}`,
      cause === undefined ? undefined : { cause },
    );
    this.broker = broker;
  }
}

/**
 * True when `error` is a {@link BrokerUnavailableError}.
 * @function
 * @group Errors
 */
export const isBrokerUnavailableError = errorGuard(
  BrokerUnavailableError,
  'BrokerUnavailableError',
);

/**
 * The broker answered, and refused: a message was negatively acknowledged or
 * could not be routed to any queue (RabbitMQ), JetStream answered with an error
 * or stored the message in another stream than the configured one (NATS), or the
 * queue, exchange or stream could not be declared as configured. The write
 * rejected; it is retried like any failed write, and once the worker's
 * `maxAttempts` are used up the events are dead-lettered. Usually a
 * configuration error.
 *
 * @see {@link isBrokerRejectedError} to recognise it
 * @group Errors
 */
export class BrokerRejectedError extends FlashSaleError {
  override readonly name = 'BrokerRejectedError' as const;
  /** Which broker: `'rabbitmq'` or `'nats'`. */
  readonly broker: BrokerName;
  /** The ids of the events concerned; empty when the refusal was not about one message. */
  readonly eventIds: readonly string[];

  /**
   * @param broker - which broker
   * @param message - what the broker refused
   * @param eventIds - the events concerned
   * @param cause - the client's original error
   */
  constructor(broker: BrokerName, message: string, eventIds: readonly string[], cause?: unknown) {
    super(
      'BROKER_REJECTED',
      `${broker}: ${message}${cause === undefined ? '' : ` (${messageOf(cause)})`}`,
      cause === undefined ? undefined : { cause },
    );
    this.broker = broker;
    this.eventIds = Object.freeze([...eventIds]);
  }
}

/**
 * True when `error` is a {@link BrokerRejectedError}.
 * @function
 * @group Errors
 */
export const isBrokerRejectedError = errorGuard(BrokerRejectedError, 'BrokerRejectedError');

/** The message of an error (or the value itself), for our own messages. @internal */
export function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
