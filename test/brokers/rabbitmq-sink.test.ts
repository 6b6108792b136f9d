/**
 * RabbitMqSink against the machine's RabbitMQ: a real OutboxWorker on a private
 * Redis delivers a sale's purchases, confirms and cancels, a consumer drains the
 * queue, and after dedupe by message id every event is there, nothing lost. A
 * broker restart is played by a TCP proxy (the shared broker is never
 * restarted): every connection dropped mid-delivery, new ones refused a while.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrokerRejectedError } from '../../src/brokers/rabbitmq/index.js';
import {
  isBrokerRejectedError,
  isBrokerUnavailableError,
  RabbitMqSink,
  type RabbitMqSinkOptions,
} from '../../src/brokers/rabbitmq/index.js';
import { isInvalidArgumentError, type OrderEvent, type OrderSink } from '../../src/index.js';
import { outboxEventIds, makeHistory } from '../orders/fault/sale-history.js';
import {
  openPipeline,
  until,
  workerPool,
  type PipelineFixture,
} from '../orders/worker/pipeline-fixture.js';
import { startTcpProxy, type TcpProxy } from '../harness/tcp-proxy.js';
import {
  connectRabbitMq,
  dedupe,
  deleteTopology,
  drainQueue,
  RABBITMQ_URL,
  uniqueName,
} from './brokers.js';
import { NEVER, orderEvent } from './events.js';

const admin = await connectRabbitMq();
const brokerPort = Number(new URL(RABBITMQ_URL).port || 5672);

/** The URL of the broker through `proxy` (same credentials). */
function viaProxy(proxy: TcpProxy): string {
  const url = new URL(RABBITMQ_URL);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

describe.skipIf(admin === undefined)('RabbitMqSink', () => {
  const model = admin;
  if (model === undefined) return;
  let queue: string;
  let exchange: string;
  let f: PipelineFixture | undefined;
  let proxy: TcpProxy | undefined;
  const sinks: RabbitMqSink[] = [];
  const pool = workerPool(() => {
    if (f === undefined) throw new Error('no sale');
    return f.sale;
  });

  const makeSink = (options: Partial<RabbitMqSinkOptions> = {}): RabbitMqSink => {
    const sink = new RabbitMqSink({ url: RABBITMQ_URL, queue, exchange, ...options });
    sinks.push(sink);
    return sink;
  };

  beforeEach(() => {
    queue = uniqueName('flash-sale-test-q');
    exchange = uniqueName('flash-sale-test-x');
  });
  afterEach(async () => {
    await pool.stopAll();
    await Promise.all(sinks.splice(0).map(async (sink) => sink.close()));
    await proxy?.close();
    proxy = undefined;
    await f?.close();
    f = undefined;
    await deleteTopology(model, queue, exchange);
  });
  afterAll(async () => {
    await model.close();
  });

  /** A sale with purchases, confirms and cancels; the ids of every event in its outbox. */
  async function saleHistory(count: number): Promise<{ fixture: PipelineFixture; ids: string[] }> {
    const fixture = openPipeline('redis');
    f = fixture;
    await fixture.sale.preload({ stock: count + 10, perUserLimit: 1 });
    await makeHistory(fixture, count);
    const ids = await outboxEventIds(fixture);
    const types = new Set(ids.map((id) => id.slice(id.lastIndexOf('/') + 1)));
    expect([...types].sort()).toEqual(['cancelled', 'confirmed', 'reserved']);
    return { fixture, ids };
  }

  it('delivers every event of a sale through the worker: persistent, message id = event id', async () => {
    const { ids } = await saleHistory(30);
    const sink = makeSink();
    const worker = pool.start({ sink, maxEventsPerWrite: 7 });
    await until('the outbox is delivered', () => worker.stats().written === ids.length);

    const received = await drainQueue(model, queue);
    const events = dedupe(received);
    expect([...events.keys()].sort()).toEqual([...ids].sort());
    for (const [id, event] of events) expect(event.id).toBe(id);
    expect(received.every((message) => message.persistent === true)).toBe(true);
    // first copies arrive in order per reservation
    const order = [...events.keys()];
    for (const id of order.filter((id) => !id.endsWith('/reserved'))) {
      const reserved = `${id.slice(0, id.lastIndexOf('/'))}/reserved`;
      expect(order.indexOf(reserved)).toBeLessThan(order.indexOf(id));
    }
  });

  it('a broker restart mid-delivery: nothing lost', async () => {
    const { ids } = await saleHistory(60);
    const front = await startTcpProxy(brokerPort);
    proxy = front;
    const inner = makeSink({ url: viaProxy(front) });
    let writes = 0;
    const sink: OrderSink = {
      async write(events, context) {
        writes += 1;
        const pending = inner.write(events, context);
        if (writes === 3) {
          // the broker goes down under the third write, and stays down a while
          front.cutAll();
          front.refuse();
        }
        return pending;
      },
    };
    const errors: unknown[] = [];
    const worker = pool.start({
      sink,
      maxEventsPerWrite: 5,
      maxAttempts: 1_000,
      onError: (error) => errors.push(error),
    });
    await until('three reconnections were refused', () => front.refused >= 3);
    front.accept();
    await until('the outbox is delivered', () => worker.stats().written === ids.length);

    expect(front.cut).toBeGreaterThanOrEqual(1);
    expect(worker.stats().failedWrites).toBeGreaterThanOrEqual(4); // the cut one + 3 refused
    expect(worker.stats().deadLettered).toBe(0);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every(isBrokerUnavailableError)).toBe(true);
    const events = dedupe(await drainQueue(model, queue));
    expect([...events.keys()].sort()).toEqual([...ids].sort());
  });

  it('a write whose confirms die with the connection rejects; its retry is deduped by id', async () => {
    const front = await startTcpProxy(brokerPort);
    proxy = front;
    const sink = makeSink({ url: viaProxy(front) });
    await sink.write([orderEvent('drop:a', 'reserved')], { signal: NEVER });
    const batch = [orderEvent('drop:b', 'reserved'), orderEvent('drop:a', 'confirmed')];

    front.holdReplies(); // the broker stores and confirms; the confirms never arrive
    const pending = sink.write(batch, { signal: NEVER });
    pending.catch(() => undefined);
    const channel = await model.createChannel();
    await until('the broker has the batch', async () => {
      return (await channel.checkQueue(queue)).messageCount === 3;
    });
    await channel.close();
    front.cutAll();
    const error: unknown = await pending.then(
      () => 'resolved',
      (reason: unknown) => reason,
    );
    expect(isBrokerUnavailableError(error)).toBe(true);
    front.releaseReplies();

    await sink.write(batch, { signal: NEVER }); // the worker's retry, on a new connection
    expect(front.accepted).toBe(2);
    const received = await drainQueue(model, queue);
    expect(received.map((message) => message.id)).toEqual([
      'drop:a/reserved',
      'drop:b/reserved',
      'drop:a/confirmed',
      'drop:b/reserved',
      'drop:a/confirmed',
    ]);
    expect([...dedupe(received).keys()]).toEqual([
      'drop:a/reserved',
      'drop:b/reserved',
      'drop:a/confirmed',
    ]);
  });

  it('the body is the event as JSON, with its type and sale in the properties', async () => {
    const event: OrderEvent = orderEvent('drop:m', 'reserved');
    await makeSink().write([event], { signal: NEVER });
    const channel = await model.createChannel();
    const message = await channel.get(queue, { noAck: true });
    await channel.close();
    if (message === false) throw new Error('no message');
    expect(JSON.parse(message.content.toString('utf8'))).toEqual(event);
    expect(message.properties).toMatchObject({
      messageId: event.id,
      type: 'reserved',
      contentType: 'application/json',
      deliveryMode: 2,
      headers: { saleId: 'drop', reservationId: 'drop:m' },
    });
    expect(message.fields).toMatchObject({ exchange, routingKey: 'order' });
  });

  it('declares a quorum queue when asked', async () => {
    await makeSink({ queueType: 'quorum' }).write([orderEvent('drop:q', 'reserved')], {
      signal: NEVER,
    });
    expect((await drainQueue(model, queue)).map((message) => message.id)).toEqual([
      'drop:q/reserved',
    ]);
  });

  it('a message no queue takes fails the write (mandatory): nothing counts as stored', async () => {
    const channel = await model.createChannel();
    await channel.assertExchange(exchange, 'direct', { durable: false, autoDelete: false });
    await channel.close();
    const sink = makeSink({ declare: false });
    const batch = [orderEvent('drop:u', 'reserved'), orderEvent('drop:u', 'cancelled')];
    const error: unknown = await sink.write(batch, { signal: NEVER }).catch((e: unknown) => e);
    expect(isBrokerRejectedError(error)).toBe(true);
    expect((error as BrokerRejectedError).eventIds).toEqual(batch.map((event) => event.id));
    // the same connection keeps working for the next write
    const again: unknown = await sink.write(batch, { signal: NEVER }).catch((e: unknown) => e);
    expect(isBrokerRejectedError(again)).toBe(true);
  });

  it('a queue that exists with other settings fails the write with BrokerRejectedError', async () => {
    const channel = await model.createChannel();
    await channel.assertQueue(queue, { durable: false });
    await channel.close();
    const error: unknown = await makeSink()
      .write([orderEvent('drop:d', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerRejectedError(error)).toBe(true);
    expect(String(error)).toContain(queue);
  });

  it('an unreachable broker is BrokerUnavailableError naming host and port, never the password', async () => {
    const front = await startTcpProxy(brokerPort);
    proxy = front;
    front.refuse();
    const sink = makeSink({ url: viaProxy(front).replace('guest:guest', 'guest:s3cret') });
    const error: unknown = await sink
      .write([orderEvent('drop:x', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerUnavailableError(error)).toBe(true);
    expect(String(error)).toContain(`127.0.0.1:${String(front.port)}`);
    expect(String(error)).not.toContain('s3cret');
    // the next write connects anew: the broker is back, and refuses the password
    front.accept();
    const refusedLogin: unknown = await sink
      .write([orderEvent('drop:x', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerUnavailableError(refusedLogin)).toBe(true);
    expect(String(refusedLogin)).toContain('ACCESS_REFUSED');
    expect(String(refusedLogin)).not.toContain('s3cret');
    expect(front.refused).toBe(1);
    expect(front.accepted).toBe(1);
  });

  it('rejects with the signal’s reason once aborted, and after close', async () => {
    const sink = makeSink();
    const controller = new AbortController();
    const reason = new Error('stopped waiting');
    controller.abort(reason);
    await expect(
      sink.write([orderEvent('drop:s', 'reserved')], { signal: controller.signal }),
    ).rejects.toBe(reason);
    await sink.close();
    const error: unknown = await sink
      .write([orderEvent('drop:s', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerUnavailableError(error)).toBe(true);
  });

  it('refuses bad options by name, quoting the URL without its password', () => {
    const refused = (options: unknown): unknown => {
      try {
        new RabbitMqSink(options as RabbitMqSinkOptions);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const badUrl = refused({ url: 'http://guest:s3cret@host' });
    expect(isInvalidArgumentError(badUrl)).toBe(true);
    expect(String(badUrl)).not.toContain('s3cret');
    expect(refused({ url: RABBITMQ_URL, exchange: 'amq.direct' })).toMatchObject({
      argument: 'exchange',
    });
    expect(refused({ url: RABBITMQ_URL, queueType: 'stream' })).toMatchObject({
      argument: 'queueType',
    });
    expect(refused({ url: RABBITMQ_URL, queue: 'x'.repeat(256) })).toMatchObject({
      argument: 'queue',
    });
  });
});
