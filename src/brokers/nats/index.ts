/**
 * `flash-sale/nats`: an {@link index!OrderSink | OrderSink} that publishes order
 * events to a NATS JetStream stream, awaiting each message's PubAck
 * ({@link NatsJetStreamSink}). It needs `@nats-io/jetstream` and
 * `@nats-io/transport-node`, optional peer dependencies (`npm install
 * @nats-io/jetstream@3 @nats-io/transport-node@3`) that only this entry loads.
 * See docs/brokers.md.
 * @module
 */

export { NatsJetStreamSink } from './nats-sink.js';
export { NATS_JETSTREAM_SINK_DEFAULTS } from './nats-sink-options.js';
export type {
  NatsAuthenticator,
  NatsConnectionSettings,
  NatsJetStreamSinkOptions,
  NatsTlsSettings,
} from './nats-sink-options.js';
export {
  BrokerRejectedError,
  BrokerUnavailableError,
  isBrokerRejectedError,
  isBrokerUnavailableError,
} from '../common/broker-errors.js';
export type { BrokerName } from '../common/broker-errors.js';
