import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { DAY_MS, HOUR_MS } from '../../shared/options/bounds.js';
import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { isPlainObject } from '../../shared/options/plain-object.js';
import { boolean, checked, integer } from '../../shared/options/kinds.js';
import { brokerName } from '../common/broker-kinds.js';

/**
 * The connection settings of `connect` of `@nats-io/transport-node` that a sink
 * passes through (the names and meanings are the NATS client's own). Declared
 * here rather than imported: the NATS packages' own type declarations do not
 * compile under `exactOptionalPropertyTypes` or `moduleResolution: node10` with
 * `skipLibCheck` off, and this entry's types must.
 * @group Options
 */
export interface NatsConnectionSettings {
  /** A name for the connection, shown by the server's monitoring. */
  readonly name?: string;
  /** User name (with {@link NatsConnectionSettings.pass}). */
  readonly user?: string;
  /** Password (with {@link NatsConnectionSettings.user}). */
  readonly pass?: string;
  /** An authentication token. */
  readonly token?: string;
  /**
   * An authenticator or several, e.g. `credsAuthenticator(…)` or
   * `nkeyAuthenticator(…)` of `@nats-io/transport-node`.
   */
  readonly authenticator?: NatsAuthenticator | readonly NatsAuthenticator[];
  /** TLS settings (`caFile`, `certFile`, `keyFile`, …, `rejectUnauthorized`); `null` for none. */
  readonly tls?: NatsTlsSettings | null;
  /** Whether the client reconnects after a drop (the NATS default: yes). */
  readonly reconnect?: boolean;
  /** Reconnection attempts per server before the client gives up (`-1`: never). */
  readonly maxReconnectAttempts?: number;
  /** Pause between reconnection attempts to one server, in milliseconds. */
  readonly reconnectTimeWait?: number;
  /** Random extra pause added to each reconnection attempt, in milliseconds. */
  readonly reconnectJitter?: number;
  /** Whether to keep trying while no server answers the first connection. */
  readonly waitOnFirstConnect?: boolean;
  /** Interval of the client's pings, in milliseconds. */
  readonly pingInterval?: number;
  /** Unanswered pings before the client considers the connection dead. */
  readonly maxPingOut?: number;
  /** Whether to keep the server list in the given order instead of shuffling it. */
  readonly noRandomize?: boolean;
}

/**
 * A NATS authenticator (what `credsAuthenticator`, `nkeyAuthenticator`, … of
 * the NATS client return): given the server's nonce, the credentials to send.
 * @group Options
 */
export type NatsAuthenticator = (nonce?: string) => unknown;

/**
 * TLS settings of a NATS connection (the NATS client's `tls` option).
 * @group Options
 */
export interface NatsTlsSettings {
  /** Path of a CA certificate file. */
  readonly caFile?: string;
  /** A CA certificate (PEM). */
  readonly ca?: string;
  /** Path of the client certificate file. */
  readonly certFile?: string;
  /** The client certificate (PEM). */
  readonly cert?: string;
  /** Path of the client key file. */
  readonly keyFile?: string;
  /** The client key (PEM). */
  readonly key?: string;
  /** TLS before the NATS handshake (the server must be configured for it). */
  readonly handshakeFirst?: boolean;
  /** Whether to refuse a server whose certificate does not verify. */
  readonly rejectUnauthorized?: boolean;
}

/**
 * Settings of a {@link NatsJetStreamSink}.
 * @group Options
 */
export interface NatsJetStreamSinkOptions {
  /** The NATS servers, `'host:port'` or `'nats://host:port'`, one or several. */
  readonly servers: string | readonly string[];
  /**
   * The NATS client's connection settings: credentials, TLS, a connection name,
   * how it reconnects ({@link NatsConnectionSettings}). The servers and the connect
   * timeout are this sink's own options.
   * @defaultValue none
   */
  readonly connectOptions?: NatsConnectionSettings;
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

function checkConnectOptions(argument: string, value: unknown): NatsConnectionSettings {
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
