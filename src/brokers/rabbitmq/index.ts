/**
 * `flash-sale/rabbitmq`: an {@link index!OrderSink | OrderSink} that publishes order
 * events to RabbitMQ with publisher confirms ({@link RabbitMqSink}). It needs
 * `amqplib`, an optional peer dependency (`npm install amqplib@2`) that only this
 * entry loads. See docs/brokers.md.
 * @module
 */

export { RabbitMqSink } from './rabbitmq-sink.js';
export { RABBITMQ_SINK_DEFAULTS } from './rabbitmq-sink-options.js';
export type { RabbitMqSinkOptions } from './rabbitmq-sink-options.js';
export {
  BrokerRejectedError,
  BrokerUnavailableError,
  isBrokerRejectedError,
  isBrokerUnavailableError,
} from '../common/broker-errors.js';
export type { BrokerName } from '../common/broker-errors.js';
