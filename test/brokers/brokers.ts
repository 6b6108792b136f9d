/**
 * The brokers the sink tests use: RabbitMQ on 127.0.0.1:5672 (guest/guest) and
 * NATS with JetStream on 127.0.0.1:4222 (RABBITMQ_URL and NATS_SERVER override).
 * Where one does not answer, its tests are skipped with a loud warning, except
 * under CI, where they must run (`.ci/run` starts both).
 */
import { randomUUID } from 'node:crypto';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect as connectNats, type NatsConnection } from '@nats-io/transport-node';
import { connect as connectAmqp, type ChannelModel } from 'amqplib';
import type { OrderEvent } from '../../src/index.js';

/** The shared RabbitMQ. */
export const RABBITMQ_URL = process.env['RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
/** The shared NATS server (JetStream on). */
export const NATS_SERVER = process.env['NATS_SERVER'] ?? '127.0.0.1:4222';

function warnUnreachable(what: string, error: unknown): void {
  const message = `${what} is not reachable (${error instanceof Error ? error.message : String(error)})`;
  if (process.env['CI']) throw new Error(`${message}; CI is set, so the broker tests must run`);
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING the ${what} sink tests: ${message}\n${'!'.repeat(78)}\n`,
  );
}

/** A connection to the shared RabbitMQ for the test's own checks, or `undefined` (with a warning). */
export async function connectRabbitMq(): Promise<ChannelModel | undefined> {
  try {
    const model = await connectAmqp(RABBITMQ_URL, { timeout: 3_000 });
    model.on('error', () => undefined);
    return model;
  } catch (error) {
    warnUnreachable(`RabbitMQ at ${RABBITMQ_URL.replace(/\/\/[^@]*@/, '//')}`, error);
    return undefined;
  }
}

/** A connection to the shared NATS with its JetStream manager, or `undefined` (with a warning). */
export async function connectJetStream(
  server = NATS_SERVER,
): Promise<{ nc: NatsConnection; jsm: JetStreamManager } | undefined> {
  try {
    const nc = await connectNats({ servers: server, timeout: 3_000 });
    try {
      return { nc, jsm: await jetstreamManager(nc) };
    } catch (error) {
      await nc.close();
      throw error;
    }
  } catch (error) {
    warnUnreachable(`NATS JetStream at ${server}`, error);
    return undefined;
  }
}

/** A name no other test uses, e.g. `flash-sale-test-3f9a…`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** What a consumer read: every message as (id, event), in arrival order. */
export interface Received {
  readonly id: string;
  readonly event: OrderEvent;
  /** RabbitMQ: whether it was published persistent (delivery mode 2). */
  readonly persistent?: boolean;
}

/** The consumer's dedupe: the first copy of each id, in arrival order. */
export function dedupe(received: readonly Received[]): Map<string, OrderEvent> {
  const byId = new Map<string, OrderEvent>();
  for (const { id, event } of received) if (!byId.has(id)) byId.set(id, event);
  return byId;
}

/** Drains a RabbitMQ queue (basic.get until empty), acknowledging what it read. */
export async function drainQueue(model: ChannelModel, queue: string): Promise<Received[]> {
  const channel = await model.createChannel();
  try {
    const received: Received[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (message === false) return received;
      const id: unknown = message.properties.messageId;
      if (typeof id !== 'string') throw new Error('a message without a messageId');
      received.push({
        id,
        event: JSON.parse(message.content.toString('utf8')) as OrderEvent,
        persistent: message.properties.deliveryMode === 2,
      });
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** Deletes a test's queue and exchange (never fails the test's cleanup on a missing one). */
export async function deleteTopology(
  model: ChannelModel,
  queue: string,
  exchange: string,
): Promise<void> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  await channel.deleteQueue(queue).catch(() => undefined);
  await channel.deleteExchange(exchange).catch(() => undefined);
  await channel.close().catch(() => undefined);
}

/** Every message of a JetStream stream, by sequence, with its `Nats-Msg-Id`. */
export async function readStream(jsm: JetStreamManager, stream: string): Promise<Received[]> {
  const info = await jsm.streams.info(stream);
  const received: Received[] = [];
  for (
    let seq = info.state.first_seq;
    seq <= info.state.last_seq && info.state.messages > 0;
    seq++
  ) {
    const message = await jsm.streams.getMessage(stream, { seq });
    if (message === null) continue;
    const id = message.header.get('Nats-Msg-Id');
    received.push({ id, event: message.json<OrderEvent>() });
  }
  return received;
}
