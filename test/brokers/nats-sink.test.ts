/**
 * NatsJetStreamSink against NATS JetStream: a real OutboxWorker on a private
 * Redis delivers a sale's purchases, confirms and cancels into a stream, a
 * consumer reads the stream back, and after dedupe by `Nats-Msg-Id` every event
 * is there. The restart tests kill and restart a private nats-server (the
 * shared one on 4222 is never touched).
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isBrokerRejectedError,
  isBrokerUnavailableError,
  NatsJetStreamSink,
  type NatsJetStreamSinkOptions,
} from '../../src/brokers/nats/index.js';
import { isInvalidArgumentError, type OrderSink } from '../../src/index.js';
import { makeHistory, outboxEventIds } from '../orders/fault/sale-history.js';
import {
  openPipeline,
  until,
  workerPool,
  type PipelineFixture,
} from '../orders/worker/pipeline-fixture.js';
import { connectJetStream, dedupe, NATS_SERVER, readStream, uniqueName } from './brokers.js';
import { NEVER, orderEvent } from './events.js';
import { startNatsServer, type NatsServer } from './nats-server.js';

const shared = await connectJetStream();

describe.skipIf(shared === undefined)('NatsJetStreamSink', () => {
  if (shared === undefined) return;
  const { jsm } = shared;
  let stream: string;
  let subject: string;
  let f: PipelineFixture | undefined;
  let server: NatsServer | undefined;
  let privateJsm: { jsm: JetStreamManager; close: () => Promise<void> } | undefined;
  const sinks: NatsJetStreamSink[] = [];
  const extraStreams: string[] = [];
  const pool = workerPool(() => {
    if (f === undefined) throw new Error('no sale');
    return f.sale;
  });

  const makeSink = (options: Partial<NatsJetStreamSinkOptions> = {}): NatsJetStreamSink => {
    const sink = new NatsJetStreamSink({ servers: NATS_SERVER, stream, subject, ...options });
    sinks.push(sink);
    return sink;
  };

  beforeEach(() => {
    stream = uniqueName('FLASH_SALE_TEST');
    subject = `flash-sale-test.${uniqueName('orders')}`;
  });
  afterEach(async () => {
    await pool.stopAll();
    await Promise.all(sinks.splice(0).map(async (sink) => sink.close()));
    await privateJsm?.close();
    privateJsm = undefined;
    await server?.stop();
    server = undefined;
    await f?.close();
    f = undefined;
    for (const name of [stream, ...extraStreams.splice(0)]) {
      await jsm.streams.delete(name).catch(() => false);
    }
  });
  afterAll(async () => {
    await shared.nc.close();
  });

  async function saleHistory(count: number): Promise<string[]> {
    const fixture = openPipeline('redis');
    f = fixture;
    await fixture.sale.preload({ stock: count + 10, perUserLimit: 1 });
    await makeHistory(fixture, count);
    const ids = await outboxEventIds(fixture);
    const types = new Set(ids.map((id) => id.slice(id.lastIndexOf('/') + 1)));
    expect([...types].sort()).toEqual(['cancelled', 'confirmed', 'reserved']);
    return ids;
  }

  it('delivers every event of a sale through the worker into a stream it creates', async () => {
    const ids = await saleHistory(30);
    const worker = pool.start({ sink: makeSink(), maxEventsPerWrite: 7 });
    await until('the outbox is delivered', () => worker.stats().written === ids.length);

    const info = await jsm.streams.info(stream);
    expect(info.config.subjects).toEqual([subject]);
    expect(info.config.storage).toBe('file');
    expect(info.config.duplicate_window).toBe(120_000 * 1_000_000);
    const received = await readStream(jsm, stream);
    const events = dedupe(received);
    expect([...events.keys()].sort()).toEqual([...ids].sort());
    for (const [id, event] of events) expect(event.id).toBe(id);
    const order = [...events.keys()];
    for (const id of order.filter((id) => !id.endsWith('/reserved'))) {
      const reserved = `${id.slice(0, id.lastIndexOf('/'))}/reserved`;
      expect(order.indexOf(reserved)).toBeLessThan(order.indexOf(id));
    }
  });

  it('a retried batch is stored once: the event id is the Nats-Msg-Id', async () => {
    const sink = makeSink();
    const batch = [orderEvent('drop:a', 'reserved'), orderEvent('drop:a', 'confirmed')];
    await sink.write(batch, { signal: NEVER });
    await sink.write(batch, { signal: NEVER });
    await sink.write([orderEvent('drop:b', 'reserved'), orderEvent('drop:a', 'reserved')], {
      signal: NEVER,
    });
    const received = await readStream(jsm, stream);
    expect(received.map((message) => message.id)).toEqual([
      'drop:a/reserved',
      'drop:a/confirmed',
      'drop:b/reserved',
    ]);
    expect(received[0]?.event).toEqual(batch[0]);
    const stored = await jsm.streams.getMessage(stream, { seq: 1 });
    expect(stored?.header.get('Flash-Sale-Event-Type')).toBe('reserved');
    expect(stored?.header.get('Flash-Sale-Sale-Id')).toBe('drop');
    expect(stored?.header.get('Flash-Sale-Reservation-Id')).toBe('drop:a');
  });

  describe.each([
    {
      who: 'the NATS client reconnects by itself',
      connectOptions: { maxReconnectAttempts: -1, reconnectTimeWait: 50 },
      failure: 'no PubAck',
    },
    {
      who: 'the client gives up and the next write reconnects',
      connectOptions: { reconnect: false },
      failure: 'cannot connect',
    },
  ])('a server restart mid-delivery, $who: nothing lost', ({ connectOptions, failure }) => {
    it('delivers every event', async () => {
      const ids = await saleHistory(60);
      const nats = await startNatsServer();
      server = nats;
      const inner = makeSink({ servers: nats.address, connectOptions, publishTimeoutMs: 500 });
      let writes = 0;
      let killed: Promise<void> | undefined;
      const sink: OrderSink = {
        async write(events, context) {
          writes += 1;
          const pending = inner.write(events, context);
          // the server dies under the third write
          if (writes === 3) killed = nats.kill();
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
      await until('the server was killed', () => killed !== undefined);
      await killed;
      await until('three writes failed', () => worker.stats().failedWrites >= 3);
      await nats.restart();
      await until('the outbox is delivered', () => worker.stats().written === ids.length, 60_000);

      expect(worker.stats().deadLettered).toBe(0);
      expect(errors.filter((error) => !isBrokerUnavailableError(error)).map(String)).toEqual([]);
      // the path the case is about was taken
      expect(errors.some((error) => String(error).includes(failure))).toBe(true);
      if (failure === 'no PubAck') {
        expect(errors.some((error) => String(error).includes('cannot connect'))).toBe(false);
      }
      const connection = await connectJetStream(nats.address);
      if (connection === undefined) throw new Error('the private server does not answer');
      privateJsm = { jsm: connection.jsm, close: async () => connection.nc.close() };
      const events = dedupe(await readStream(connection.jsm, stream));
      expect([...events.keys()].sort()).toEqual([...ids].sort());
    });
  });

  it('without createStream, a missing stream fails the write', async () => {
    const error: unknown = await makeSink({ createStream: false })
      .write([orderEvent('drop:n', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerUnavailableError(error) || isBrokerRejectedError(error)).toBe(true);
    expect(String(error)).toContain('drop:n/reserved');
  });

  it('a subject another stream captures fails the write with BrokerRejectedError', async () => {
    const other = uniqueName('FLASH_SALE_TEST_OTHER');
    extraStreams.push(other);
    await jsm.streams.add({ name: other, subjects: [subject] });
    // creating ours is refused (the subjects overlap) …
    const refusedCreate: unknown = await makeSink()
      .write([orderEvent('drop:o', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerRejectedError(refusedCreate)).toBe(true);
    // … and publishing without creating lands in the other stream: refused too
    const wrongStream: unknown = await makeSink({ createStream: false })
      .write([orderEvent('drop:o', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerRejectedError(wrongStream)).toBe(true);
    expect(String(wrongStream)).toContain(other);
  });

  it('an unreachable server is BrokerUnavailableError; a closed sink refuses writes', async () => {
    const nats = await startNatsServer();
    await nats.stop();
    const sink = makeSink({ servers: nats.address });
    const error: unknown = await sink
      .write([orderEvent('drop:x', 'reserved')], { signal: NEVER })
      .catch((e: unknown) => e);
    expect(isBrokerUnavailableError(error)).toBe(true);
    expect(String(error)).toContain(nats.address);
    await sink.close();
    const closed: unknown = await makeSink()
      .close()
      .then(async () => sink.write([orderEvent('drop:x', 'reserved')], { signal: NEVER }))
      .catch((e: unknown) => e);
    expect(isBrokerUnavailableError(closed)).toBe(true);
  });

  it('refuses bad options by name', () => {
    const refused = (options: unknown): unknown => {
      try {
        new NatsJetStreamSink(options as NatsJetStreamSinkOptions);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    expect(refused({ servers: [] })).toMatchObject({ argument: 'servers' });
    expect(refused({ servers: ['a:1', ''] })).toMatchObject({ argument: 'servers[1]' });
    expect(refused({ servers: 'a:1', stream: 'A.B' })).toMatchObject({ argument: 'stream' });
    expect(refused({ servers: 'a:1', subject: 'orders.*' })).toMatchObject({ argument: 'subject' });
    expect(refused({ servers: 'a:1', subject: 'orders..x' })).toMatchObject({
      argument: 'subject',
    });
    expect(refused({ servers: 'a:1', connectOptions: { servers: 'b:2' } })).toMatchObject({
      argument: 'connectOptions.servers',
    });
    expect(isInvalidArgumentError(refused({ servers: 'a:1', duplicateWindowMs: 10 }))).toBe(true);
  });
});
