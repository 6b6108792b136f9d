import type { OrderEvent } from '../../orders/outbox/order-event.js';
import type { OrderSink, OrderSinkContext } from '../../orders/sink/order-sink.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { BrokerConnection } from '../common/broker-connection.js';
import { openNatsLink, type NatsLink } from './nats-link.js';
import { NATS_SINK_SPEC, type NatsJetStreamSinkOptions } from './nats-sink-options.js';

/**
 * An {@link index!OrderSink | OrderSink} that publishes each event to a NATS
 * JetStream stream (with `@nats-io/jetstream` over `@nats-io/transport-node`):
 * a write resolves only once JetStream has acknowledged every message of the
 * batch (a PubAck: the stream stored it, on a majority of its replicas). Each
 * message carries the event's id as `Nats-Msg-Id`, so a retry within the
 * stream's duplicate window is acknowledged as a duplicate and not stored
 * twice; the consumer still dedupes by event id (a retry after the window, or a
 * redelivery to the consumer). A PubAck that does not come within
 * `publishTimeoutMs`, an error from JetStream, or a message stored in another
 * stream fails the write, and the worker writes the batch again.
 *
 * Each message's body is the event as JSON; headers `Flash-Sale-Event-Type`,
 * `Flash-Sale-Sale-Id` and `Flash-Sale-Reservation-Id` carry the fields a
 * consumer may filter on.
 *
 * Connects on the first write, not in the constructor, and creates the stream
 * when it is missing (`createStream`). The NATS client reconnects by itself
 * after a drop; once it has given up, the next write connects again. Safe for
 * concurrent writes. Call {@link NatsJetStreamSink.close} on shutdown.
 *
 * @example
 * ```ts
 * import { OutboxWorker } from 'flash-sale';
 * import { NatsJetStreamSink } from 'flash-sale/nats';
 *
 * const sink = new NatsJetStreamSink({ servers: '127.0.0.1:4222', stream: 'ORDERS' });
 * const worker = new OutboxWorker({ sale, sink });
 * worker.start();
 * // on shutdown:
 * await worker.stop();
 * await sink.close();
 * ```
 * @group Order pipeline
 */
export class NatsJetStreamSink implements OrderSink {
  readonly #connection: BrokerConnection<NatsLink>;

  /**
   * @param options - the servers and the stream; see {@link NatsJetStreamSinkOptions}
   * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when an option is missing or
   *   out of range (nothing is connected)
   */
  constructor(options: NatsJetStreamSinkOptions) {
    const resolved = resolveOptions(NATS_SINK_SPEC, options);
    this.#connection = new BrokerConnection('nats', async () => openNatsLink(resolved));
  }

  /**
   * Publishes the events, in order, and resolves once JetStream has acknowledged
   * every one. Connects (and creates the stream) first when there is no live
   * connection.
   *
   * @param events - the batch, oldest first
   * @param context - its `signal` aborts the wait (the write then rejects with the
   *   signal's reason; messages already sent may still be stored)
   * @throws {@link BrokerUnavailableError} when NATS cannot be reached, a PubAck
   *   did not come in time, or the sink is closed
   * @throws {@link BrokerRejectedError} when JetStream refused a message or the
   *   stream's creation, or stored a message in another stream
   */
  async write(events: readonly OrderEvent[], context: OrderSinkContext): Promise<void> {
    return this.#connection.write(events, context);
  }

  /**
   * Closes the connection. Writes after this reject with
   * {@link BrokerUnavailableError}; a write in flight rejects the same way
   * unless its PubAcks already arrived. Never rejects.
   */
  async close(): Promise<void> {
    return this.#connection.close();
  }
}
