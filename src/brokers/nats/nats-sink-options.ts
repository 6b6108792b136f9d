import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { DAY_MS, HOUR_MS } from '../../shared/options/bounds.js';
import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { isPlainObject } from '../../shared/options/plain-object.js';
import { boolean, checked, integer } from '../../shared/options/kinds.js';
import { brokerName } from '../common/broker-kinds.js';

/**
 * What `connect` of `@nats-io/transport-node` takes besides the servers:
 * credentials (`user`/`pass`, `token`, `authenticator`), `tls`, `name`,
 * reconnection settings, …
 * @group Options
 */
export type NatsConnectOptions = Omit<NodeConnectionOptions, 'servers'>;

/**
 * Settings of a {@link NatsJetStreamSink}.
 * @group Options
 */
export interface NatsJetStreamSinkOptions {
  /** The NATS servers, `'host:port'` or `'nats://host:port'`, one or several. */
  readonly servers: string | readonly string[];
  /**
   * Anything else `connect` of `@nats-io/transport-node` takes (credentials,
   * TLS, a connection name, reconnection settings); `servers` and `timeout`
   * are this sink's own options.
   * @defaultValue none
   */
  readonly connectOptions?: NatsConnectOptions;
  /**
   * The JetStream stream the events are stored in. Every PubAck must name it:
   * a message another stream captured fails the write.
   * @defaultValue `'FLASH_SALE_ORDERS'`
   */
  readonly stream?: string;
  /**
   * The subject every event is published on (a subject of the stream).
   * @defaultValue `'flash-sale.orders'`
   */
  readonly subject?: string;
  /**
   * Create the stream (file storage, capturing {@link NatsJetStreamSinkOptions.subject})
   * when it does not exist, on every connection. Turn it off to use a stream of
   * your own (with your retention, replicas and limits).
   * @defaultValue `true`
   */
  readonly createStream?: boolean;
  /**
   * The duplicate window of a stream this sink creates, in milliseconds: a
   * message whose id (`Nats-Msg-Id`, the event's id) the stream stored within it
   * is acknowledged as a duplicate and not stored again. Retries after it are
   * stored twice, which the consumer's dedupe by event id absorbs.
   * @defaultValue `120000`
   */
  readonly duplicateWindowMs?: number;
  /**
   * How long to wait for each message's PubAck, in milliseconds, before the
   * write fails with `BrokerUnavailableError`.
   * @defaultValue `5000`
   */
  readonly publishTimeoutMs?: number;
  /**
   * How long connecting (and looking up or creating the stream) may take, in
   * milliseconds, before the write fails with `BrokerUnavailableError`.
   * @defaultValue `10000`
   */
  readonly connectTimeoutMs?: number;
}

function checkServers(argument: string, value: unknown): string | readonly string[] {
  const valid = (server: unknown): boolean => typeof server === 'string' && server.length > 0;
  if (valid(value)) return value as string;
  if (Array.isArray(value) && value.length > 0) {
    const bad = (value as unknown[]).findIndex((server) => !valid(server));
    if (bad === -1) return Object.freeze([...(value as string[])]);
    throw new InvalidArgumentError(`${argument}[${String(bad)}]`, value[bad], 'a non-empty string');
  }
  throw new InvalidArgumentError(argument, value, 'a server address or a non-empty array of them');
}

function checkConnectOptions(argument: string, value: unknown): NatsConnectOptions {
  // an empty object is refused like any other wrong value: leave the option out instead
  if (!isPlainObject(value) || Object.keys(value).length === 0) {
    throw new InvalidArgumentError(
      argument,
      value,
      'a non-empty plain object of NATS connect options (leave it out for none)',
    );
  }
  for (const key of ['servers', 'timeout']) {
    if (Object.hasOwn(value, key)) {
      throw new InvalidArgumentError(
        `${argument}.${key}`,
        value[key],
        `absent (it is the sink's own option ${key === 'servers' ? 'servers' : 'connectTimeoutMs'})`,
      );
    }
  }
  return value;
}

const NATS_FIELDS = {
  servers: checked(checkServers).required(),
  connectOptions: checked(checkConnectOptions).optional(),
  stream: brokerName(
    /^[^\s.*>/\\]+$/,
    'a stream name without whitespace, ".", "*", ">", "/" or "\\"',
    255,
  ).default('FLASH_SALE_ORDERS'),
  subject: brokerName(
    /^[^\s.*>]+(\.[^\s.*>]+)*$/,
    'a subject: dot-separated non-empty tokens, no whitespace or wildcards',
    255,
  ).default('flash-sale.orders'),
  createStream: boolean().default(true),
  duplicateWindowMs: integer(1_000, DAY_MS).default(120_000),
  publishTimeoutMs: integer(1, HOUR_MS).default(5_000),
  connectTimeoutMs: integer(1, HOUR_MS).default(10_000),
};

/** The options of `new NatsJetStreamSink(…)`. @internal */
export const NATS_SINK_SPEC = defineOptions<NatsJetStreamSinkOptions>()(
  'NatsJetStreamSink',
  NATS_FIELDS,
);

/** Options with defaults applied, checked. @internal */
export type ResolvedNatsSinkOptions = Resolved<typeof NATS_FIELDS>;

/**
 * Defaults of {@link NatsJetStreamSinkOptions}, in one place.
 * @group Options
 */
export const NATS_JETSTREAM_SINK_DEFAULTS = NATS_SINK_SPEC.defaults;
