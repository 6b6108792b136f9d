import type { OrderEvent } from '../../orders/outbox/order-event.js';
import type { OrderSink, OrderSinkContext } from '../../orders/sink/order-sink.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { BrokerConnection } from '../common/broker-connection.js';
import { openRabbitMqLink, type RabbitMqLink } from './rabbitmq-link.js';
import { RABBITMQ_SINK_SPEC, type RabbitMqSinkOptions } from './rabbitmq-sink-options.js';

/**
 * An {@link index!OrderSink | OrderSink} that publishes each event to RabbitMQ
 * (with `amqplib`), through a confirm channel: a write resolves only once the
 * broker has confirmed every message of the batch, that is, once each is stored
 * in its durable queue (persistent messages, on disk; on a quorum queue, on a
 * majority of nodes). A message the broker refuses (nack) or cannot route to a
 * queue fails the write; so does a connection that closes before every confirm
 * arrived, and the worker writes the batch again.
 *
 * Each message's body is the event as JSON, its `messageId` the event's id (the
 * consumer's idempotency key: delivery is at least once), its `type` the event's
 * type, and its headers carry `saleId` and `reservationId`.
 *
 * Connects on the first write, not in the constructor. After the broker restarts
 * or the connection drops, the next write connects again (and declares again).
 * Safe for concurrent writes (the in-request path makes them): they share the
 * connection. Call {@link RabbitMqSink.close} on shutdown.
 *
 * @example
 * ```ts
 * import { OutboxWorker } from 'flash-sale';
 * import { RabbitMqSink } from 'flash-sale/rabbitmq';
 *
 * const sink = new RabbitMqSink({ url: 'amqp://guest:guest@127.0.0.1:5672', queue: 'orders' });
 * const worker = new OutboxWorker({ sale, sink });
 * worker.start();
 * // on shutdown:
 * await worker.stop();
 * await sink.close();
 * ```
 * @group Order pipeline
 */
export class RabbitMqSink implements OrderSink {
  readonly #connection: BrokerConnection<RabbitMqLink>;

  /**
   * @param options - where the broker is and what to declare; see {@link RabbitMqSinkOptions}
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when an option is missing or
   *   out of range (nothing is connected)
   */
  constructor(options: RabbitMqSinkOptions) {
    const resolved = resolveOptions(RABBITMQ_SINK_SPEC, options);
    this.#connection = new BrokerConnection('rabbitmq', async () => openRabbitMqLink(resolved));
  }

  /**
   * Publishes the events, in order, and resolves once the broker has confirmed
   * every one. Connects first when there is no live connection.
   *
   * @param events - the batch, oldest first
   * @param context - its `signal` aborts the wait (the write then rejects with the
   *   signal's reason; messages already sent may still be stored)
   * @throws {@link BrokerUnavailableError} when the broker cannot be reached, or the
   *   connection closed before every message was confirmed, or the sink is closed
   * @throws {@link BrokerRejectedError} when the broker refused a message (nack),
   *   could not route one to a queue, or refused the declarations
   */
  async write(events: readonly OrderEvent[], context: OrderSinkContext): Promise<void> {
    return this.#connection.write(events, context);
  }

  /**
   * Closes the connection. Writes after this reject with
   * {@link BrokerUnavailableError}; a write in flight rejects the same way
   * unless its confirms already arrived. Never rejects.
   */
  async close(): Promise<void> {
    return this.#connection.close();
  }
}
