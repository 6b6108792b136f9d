import {
  jetstream,
  jetstreamManager,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import {
  connect,
  headers,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import type { OrderEvent } from '../../orders/outbox/order-event.js';
import { BrokerRejectedError, BrokerUnavailableError } from '../common/broker-errors.js';
import { withinMs } from '../common/abort-and-deadline.js';
import { eventBody } from '../common/event-body.js';
import type { ResolvedNatsSinkOptions } from './nats-sink-options.js';

/**
 * One NATS connection with its JetStream client. The NATS client reconnects by
 * itself after a drop; once it gives up (the connection is closed), the link is
 * dead and the sink makes a new one for the next write.
 * @internal
 */
export interface NatsLink {
  /** Publishes the events and resolves once JetStream acknowledged every one. */
  publish(events: readonly OrderEvent[]): Promise<void>;
  /** Calls `listener` once, when the connection is closed for good (at once if it is). */
  onDead(listener: () => void): void;
  /** Closes the connection (never rejects). */
  close(): Promise<void>;
}

function serversOf(options: ResolvedNatsSinkOptions): string[] {
  return typeof options.servers === 'string' ? [options.servers] : [...options.servers];
}

/** Connects and makes sure the stream exists. @internal */
export async function openNatsLink(options: ResolvedNatsSinkOptions): Promise<NatsLink> {
  const servers = serversOf(options);
  const target = servers.join(', ');
  const timeout = (): BrokerUnavailableError =>
    new BrokerUnavailableError(
      'nats',
      `connecting to ${target} took over ${String(options.connectTimeoutMs)} ms`,
    );
  const nc = await withinMs(
    // NatsConnectionSettings mirrors a subset of the client's own type (see its docs)
    connect({
      ...(options.connectOptions as NodeConnectionOptions | undefined),
      servers,
      timeout: options.connectTimeoutMs,
    }),
    options.connectTimeoutMs,
    timeout,
    (late) => void late.close().catch(() => undefined),
  ).catch((error: unknown) => {
    if (error instanceof BrokerUnavailableError) throw error;
    throw new BrokerUnavailableError('nats', `cannot connect to ${target}`, error);
  });
  try {
    if (options.createStream) {
      await withinMs(ensureStream(nc, options), options.connectTimeoutMs, timeout, () => undefined);
    }
  } catch (error) {
    await nc.close().catch(() => undefined);
    throw error;
  }
  return linkOn(nc, jetstream(nc, { timeout: options.publishTimeoutMs }), options, target);
}

async function ensureStream(nc: NatsConnection, options: ResolvedNatsSinkOptions): Promise<void> {
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc, { timeout: options.connectTimeoutMs });
  } catch (error) {
    throw new BrokerUnavailableError('nats', 'JetStream is not available', error);
  }
  if (await streamExists(jsm, options.stream)) return;
  try {
    await jsm.streams.add({
      name: options.stream,
      subjects: [options.subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: options.duplicateWindowMs * 1_000_000, // nanoseconds
    });
  } catch (error) {
    // another process may have created it meanwhile (with these settings or others)
    if (await streamExists(jsm, options.stream).catch(() => false)) return;
    throw error instanceof JetStreamApiError
      ? new BrokerRejectedError(
          'nats',
          `creating stream "${options.stream}" was refused`,
          [],
          error,
        )
      : new BrokerUnavailableError('nats', `creating stream "${options.stream}" failed`, error);
  }
}

async function streamExists(jsm: JetStreamManager, stream: string): Promise<boolean> {
  try {
    await jsm.streams.info(stream);
    return true;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) {
      return false;
    }
    throw new BrokerUnavailableError('nats', `looking up stream "${stream}" failed`, error);
  }
}

function linkOn(
  nc: NatsConnection,
  js: JetStreamClient,
  options: ResolvedNatsSinkOptions,
  target: string,
): NatsLink {
  const listeners: (() => void)[] = [];
  let dead = false;
  const die = (): void => {
    if (dead) return;
    dead = true;
    for (const listener of listeners.splice(0)) listener();
  };
  void nc.closed().then(die, die);

  const publishOne = async (event: OrderEvent): Promise<void> => {
    const h = headers();
    h.set('Flash-Sale-Event-Type', event.type);
    h.set('Flash-Sale-Sale-Id', event.saleId);
    h.set('Flash-Sale-Reservation-Id', event.reservationId);
    let stream: string;
    try {
      ({ stream } = await js.publish(options.subject, eventBody(event), {
        msgID: event.id,
        headers: h,
        timeout: options.publishTimeoutMs,
      }));
    } catch (error) {
      if (error instanceof JetStreamApiError) {
        throw new BrokerRejectedError(
          'nats',
          `JetStream refused event ${event.id}`,
          [event.id],
          error,
        );
      }
      throw new BrokerUnavailableError(
        'nats',
        `no PubAck from ${target} for event ${event.id}; it may or may not be stored`,
        error,
      );
    }
    if (stream !== options.stream) {
      throw new BrokerRejectedError(
        'nats',
        `event ${event.id} was stored in stream "${stream}", not "${options.stream}": subject "${options.subject}" belongs to another stream`,
        [event.id],
      );
    }
  };

  return {
    async publish(events) {
      if (dead) {
        throw new BrokerUnavailableError('nats', `the connection to ${target} is closed`);
      }
      // all sent at once over the one connection (the server stores them in
      // this order), then every PubAck awaited; a duplicate's PubAck counts too
      const acks = await Promise.allSettled(events.map(publishOne));
      const failure = acks.find((ack) => ack.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
    },
    onDead(listener) {
      if (dead) listener();
      else listeners.push(listener);
    },
    async close() {
      await nc.close().catch(() => undefined);
      die();
    },
  };
}
