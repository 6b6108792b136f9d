import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { DAY_MS } from '../../shared/options/bounds.js';
import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { boolean, checked, integer, oneOf } from '../../shared/options/kinds.js';
import { brokerName } from '../common/broker-kinds.js';

/**
 * Settings of a {@link RabbitMqSink}.
 * @group Options
 */
export interface RabbitMqSinkOptions {
  /**
   * Where the broker is: an AMQP URL, `amqp://user:password@host:5672/vhost`
   * (`amqps://` for TLS; `?heartbeat=10` and the other query parameters of
   * amqplib work too). Error messages name its host and port, never the
   * credentials.
   */
  readonly url: string;
  /**
   * The exchange messages are published to (declared `direct` and durable when
   * {@link RabbitMqSinkOptions.declare} is on).
   * @defaultValue `'flash-sale.orders'`
   */
  readonly exchange?: string;
  /**
   * The queue bound to the exchange with {@link RabbitMqSinkOptions.routingKey}
   * (declared durable when {@link RabbitMqSinkOptions.declare} is on), where a
   * consumer reads the events.
   * @defaultValue `'flash-sale.orders'`
   */
  readonly queue?: string;
  /**
   * The routing key of every message, and of the queue's binding.
   * @defaultValue `'order'`
   */
  readonly routingKey?: string;
  /**
   * The queue's type when it is declared: `'quorum'` replicates it over the
   * cluster's nodes (a confirm then means a majority has it on disk), `'classic'`
   * keeps it on one node (a confirm means that node has it on disk).
   * @defaultValue `'classic'`
   */
  readonly queueType?: 'classic' | 'quorum';
  /**
   * Declare the exchange, the queue and their binding on every connection
   * (idempotent; an existing one with other settings makes writes fail with
   * `BrokerRejectedError`). Turn it off to publish into a topology of your own;
   * a message no queue takes still fails the write (it is published
   * `mandatory`).
   * @defaultValue `true`
   */
  readonly declare?: boolean;
  /**
   * How long connecting (TCP, AMQP handshake, channel, declarations) may take
   * before the write fails with `BrokerUnavailableError`, in milliseconds.
   * @defaultValue `10000`
   */
  readonly connectTimeoutMs?: number;
}

function checkUrl(argument: string, value: unknown): string {
  if (typeof value !== 'string' || !/^amqps?:\/\/[^/?#]/.test(value)) {
    throw new InvalidArgumentError(argument, redactUrl(value), 'an amqp:// or amqps:// URL');
  }
  try {
    new URL(value);
  } catch {
    throw new InvalidArgumentError(argument, redactUrl(value), 'a well-formed amqp:// URL');
  }
  return value;
}

/** A URL with its credentials taken out, for messages. @internal */
export function redactUrl(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/\/\/[^@/?#]*@/, '//***@') : value;
}

// RabbitMQ refuses to declare names under `amq.` and any name over 255 bytes
const NAME = brokerName(/^(?!amq\.)/s, 'a name of 1 to 255 bytes not starting with "amq."');

const RABBITMQ_FIELDS = {
  url: checked(checkUrl).required(),
  exchange: NAME.default('flash-sale.orders'),
  queue: NAME.default('flash-sale.orders'),
  routingKey: brokerName(/^/, 'a routing key of 1 to 255 bytes').default('order'),
  queueType: oneOf('classic', 'quorum').default('classic'),
  declare: boolean().default(true),
  connectTimeoutMs: integer(1, DAY_MS).default(10_000),
};

/** The options of `new RabbitMqSink(…)`. @internal */
export const RABBITMQ_SINK_SPEC = defineOptions<RabbitMqSinkOptions>()(
  'RabbitMqSink',
  RABBITMQ_FIELDS,
);

/** Options with defaults applied, checked. @internal */
export type ResolvedRabbitMqSinkOptions = Resolved<typeof RABBITMQ_FIELDS>;

/**
 * Defaults of {@link RabbitMqSinkOptions}, in one place.
 * @group Options
 */
export const RABBITMQ_SINK_DEFAULTS = RABBITMQ_SINK_SPEC.defaults;
