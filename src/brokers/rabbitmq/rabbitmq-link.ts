import { connect, type ChannelModel, type ConfirmChannel, type Message } from 'amqplib';
import type { OrderEvent } from '../../orders/outbox/order-event.js';
import { BrokerRejectedError, BrokerUnavailableError } from '../common/broker-errors.js';
import { withinMs } from '../common/abort-and-deadline.js';
import { eventBody } from '../common/event-body.js';
import type { ResolvedRabbitMqSinkOptions } from './rabbitmq-sink-options.js';

/**
 * One connection and its confirm channel. It is dead from the moment either
 * closes; the sink then makes a new one for the next write.
 * @internal
 */
export interface RabbitMqLink {
  /** Publishes the events and resolves once the broker confirmed every one. */
  publish(events: readonly OrderEvent[]): Promise<void>;
  /** Calls `listener` once, when the connection or the channel closes (at once if it has). */
  onDead(listener: () => void): void;
  /** Closes the connection (never rejects). */
  close(): Promise<void>;
}

/** AMQP reply codes that mean "refused as configured", not "unreachable". */
const REFUSALS = new Set([403, 404, 405, 406]);

function replyCode(error: unknown): number | undefined {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'number' ? code : undefined;
}

/** Host and port of the URL, never its credentials. @internal */
export function describeTarget(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port === '' ? (parsed.protocol === 'amqps:' ? '5671' : '5672') : parsed.port;
  return `${parsed.hostname}:${port}`;
}

/** Connects, opens a confirm channel and declares the topology. @internal */
export async function openRabbitMqLink(
  options: ResolvedRabbitMqSinkOptions,
): Promise<RabbitMqLink> {
  const target = describeTarget(options.url);
  const model = await withinMs(
    connect(options.url, { timeout: options.connectTimeoutMs }),
    options.connectTimeoutMs,
    () =>
      new BrokerUnavailableError(
        'rabbitmq',
        `connecting to ${target} took over ${String(options.connectTimeoutMs)} ms`,
      ),
    (late) => void late.close().catch(() => undefined),
  ).catch((error: unknown) => {
    if (error instanceof BrokerUnavailableError) throw error;
    throw new BrokerUnavailableError('rabbitmq', `cannot connect to ${target}`, error);
  });
  try {
    return await withinMs(
      setUp(model, options, target),
      options.connectTimeoutMs,
      () =>
        new BrokerUnavailableError(
          'rabbitmq',
          `opening a channel on ${target} took over ${String(options.connectTimeoutMs)} ms`,
        ),
      () => undefined,
    );
  } catch (error) {
    await model.close().catch(() => undefined);
    throw error;
  }
}

async function setUp(
  model: ChannelModel,
  options: ResolvedRabbitMqSinkOptions,
  target: string,
): Promise<RabbitMqLink> {
  let dead = false;
  let lastError: unknown;
  const listeners: (() => void)[] = [];
  const die = (): void => {
    if (dead) return;
    dead = true;
    for (const listener of listeners.splice(0)) listener();
  };
  // an 'error' event without a listener would crash the process
  model.on('error', (error: unknown) => {
    lastError = error;
  });
  model.on('close', die);
  let channel: ConfirmChannel;
  try {
    channel = await model.createConfirmChannel();
  } catch (error) {
    throw new BrokerUnavailableError('rabbitmq', `cannot open a channel on ${target}`, error);
  }
  channel.on('error', (error: unknown) => {
    lastError = error;
  });
  channel.on('close', die);
  // A mandatory message no queue takes comes back (basic.return) before its
  // confirm: remember its id, so that confirm does not count as stored.
  const returned = new Set<string>();
  channel.on('return', (message: Message) => {
    const id: unknown = message.properties.messageId;
    if (typeof id === 'string') returned.add(id);
  });
  if (options.declare) {
    try {
      await channel.assertExchange(options.exchange, 'direct', { durable: true });
      await channel.assertQueue(options.queue, {
        durable: true,
        arguments: { 'x-queue-type': options.queueType },
      });
      await channel.bindQueue(options.queue, options.exchange, options.routingKey);
    } catch (error) {
      const code = replyCode(error);
      if (code !== undefined && REFUSALS.has(code)) {
        throw new BrokerRejectedError(
          'rabbitmq',
          `declaring exchange "${options.exchange}", queue "${options.queue}" and their binding was refused`,
          [],
          error,
        );
      }
      throw new BrokerUnavailableError('rabbitmq', `declaring on ${target} failed`, error);
    }
  }

  const lost = (ids: readonly string[], cause: unknown): BrokerUnavailableError =>
    new BrokerUnavailableError(
      'rabbitmq',
      `the connection to ${target} closed before ${String(ids.length)} message(s) were confirmed; they may or may not be stored`,
      lastError ?? cause,
    );

  return {
    async publish(events) {
      const ids = events.map((event) => event.id);
      if (dead) throw lost(ids, undefined);
      const confirms = events.map(
        async (event) =>
          new Promise<'acked' | 'nacked'>((resolve, reject) => {
            try {
              channel.publish(
                options.exchange,
                options.routingKey,
                eventBody(event),
                {
                  persistent: true,
                  mandatory: true,
                  messageId: event.id,
                  type: event.type,
                  contentType: 'application/json',
                  contentEncoding: 'utf-8',
                  timestamp: Math.floor(event.atMs / 1_000),
                  appId: 'flash-sale',
                  headers: { saleId: event.saleId, reservationId: event.reservationId },
                },
                (error: unknown) => {
                  if (error === null || error === undefined) resolve('acked');
                  else if (dead) reject(lost([event.id], error));
                  else if (error instanceof Error && error.message === 'message nacked')
                    resolve('nacked');
                  else reject(lost([event.id], error));
                },
              );
            } catch (error) {
              // the channel closed under us (amqplib throws IllegalOperationError)
              reject(lost([event.id], error));
            }
          }),
      );
      const verdicts = await Promise.allSettled(confirms);
      const failure = verdicts.find((verdict) => verdict.status === 'rejected');
      const unroutable = ids.filter((id) => returned.delete(id));
      if (failure !== undefined) throw failure.reason;
      const nacked = ids.filter((_id, index) => {
        const verdict = verdicts[index];
        return verdict?.status === 'fulfilled' && verdict.value === 'nacked';
      });
      if (nacked.length > 0) {
        throw new BrokerRejectedError(
          'rabbitmq',
          `the broker refused ${String(nacked.length)} message(s) (nack)`,
          nacked,
        );
      }
      if (unroutable.length > 0) {
        throw new BrokerRejectedError(
          'rabbitmq',
          `no queue is bound to exchange "${options.exchange}" with routing key "${options.routingKey}": ${String(unroutable.length)} message(s) were returned unstored`,
          unroutable,
        );
      }
    },
    onDead(listener) {
      if (dead) listener();
      else listeners.push(listener);
    },
    async close() {
      die();
      await model.close().catch(() => undefined);
    },
  };
}
