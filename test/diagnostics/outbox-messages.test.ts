/**
 * The outbox channel on a real Redis: an OutboxWorker's cycles add up to its own
 * counters, the lag is the age of the oldest event it had not settled, and it
 * says when it has caught up and when it stopped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CHANNELS,
  OutboxWorker,
  type OutboxMessage,
  type TransitionMessage,
} from '../../src/index.js';
import { mustReserve } from '../sale/purchase-helpers.js';
import {
  openPipeline,
  RecordingSink,
  until,
  type PipelineFixture,
} from '../orders/worker/pipeline-fixture.js';
import { capture, type Capture } from './capture.js';

/** Fast enough for a test, and no retries left waiting long. */
const FAST = { blockMs: 50, retryDelayMs: 1, maxRetryDelayMs: 5, trimIntervalMs: 50 };

let f: PipelineFixture | undefined;
const captures: Capture<object>[] = [];
afterEach(async () => {
  for (const c of captures.splice(0)) c.stop();
  await f?.close();
});

/** Captures the outbox channel, noting this process's clock when each message came. */
function outboxMessages(): { list: { message: OutboxMessage; receivedMs: number }[] } {
  const list: { message: OutboxMessage; receivedMs: number }[] = [];
  const c = capture<OutboxMessage>(DIAGNOSTIC_CHANNELS.outbox);
  captures.push(c);
  const push = c.messages.push.bind(c.messages);
  c.messages.push = (...messages: OutboxMessage[]): number => {
    for (const message of messages) list.push({ message, receivedMs: Date.now() });
    return push(...messages);
  };
  return { list };
}

const sum = (
  messages: readonly OutboxMessage[],
  field: 'written' | 'taken' | 'failedWrites' | 'deadLettered',
): number => messages.reduce((total, message) => total + message[field], 0);

describe('the outbox channel', () => {
  it("adds up to the worker's counters, measures the lag of what it took, and reports catching up and stopping", async () => {
    f = openPipeline('redis', 'diag-outbox');
    await f.sale.preload({ stock: 10, perUserLimit: 1, holdMs: 60_000 });
    await mustReserve(f.sale, 'a');
    await mustReserve(f.sale, 'b');
    const third = await mustReserve(f.sale, 'c');
    await f.sale.confirm(third.id);
    const firstEventMs = Number(
      (await f.client.xrange(f.keys.events, '-', '+'))[0]?.[0].split('-')[0],
    );

    const seen = outboxMessages();
    const sink = new RecordingSink();
    const worker = new OutboxWorker({ sale: f.sale, sink, ...FAST });
    worker.start();
    // delivered everything, then a cycle that found nothing new and held nothing
    await until('the worker delivered the four events and caught up', () => {
      const delivered = seen.list.findIndex(({ message }) => message.written > 0);
      return (
        sink.events.length === 4 &&
        seen.list.some(
          ({ message }, index) => index > delivered && message.taken === 0 && message.held === 0,
        )
      );
    });
    await worker.stop();

    const messages = seen.list
      .map(({ message }) => message)
      .filter((m) => m.saleId === 'diag-outbox');
    expect(sum(messages, 'written')).toBe(4);
    expect(worker.stats().written).toBe(4);
    expect(sum(messages, 'taken')).toBe(4);
    expect(sum(messages, 'failedWrites')).toBe(0);
    expect(new Set(messages.map((m) => `${m.group}/${m.consumer}`))).toEqual(
      new Set([`orders/${worker.consumer}`]),
    );
    // the first cycle that took events: its lag is the age of the oldest one, no
    // more than its age when the message arrived
    const firstTake = seen.list.find(({ message }) => message.taken > 0);
    expect(firstTake?.message.lagMs).toBeGreaterThanOrEqual(0);
    expect(firstTake?.message.lagMs).toBeLessThanOrEqual(
      (firstTake?.receivedMs ?? 0) - firstEventMs,
    );
    // caught up: nothing taken, nothing held, no lag
    const idle = messages.filter((m) => m.taken === 0 && !m.stopped);
    expect(idle.length).toBeGreaterThan(0);
    expect(idle.every((m) => m.lagMs === 0 && m.held === 0 && m.error === null)).toBe(true);
    // the last message says the worker stopped
    expect(messages.at(-1)).toMatchObject({ stopped: true, taken: 0, written: 0 });
    expect(messages.filter((m) => m.stopped)).toHaveLength(1);
  });

  it('reports failed writes and dead letters exactly as the worker counts them, and the compensation as a failed cancel', async () => {
    f = openPipeline('redis', 'diag-dead');
    await f.sale.preload({ stock: 10, perUserLimit: 1, holdMs: 60_000 });
    const hold = await mustReserve(f.sale, 'a');
    const seen = outboxMessages();
    const transitions = capture<TransitionMessage>(DIAGNOSTIC_CHANNELS.transition);
    captures.push(transitions);
    const sink = new RecordingSink(() => new Error('the database is down'));
    const worker = new OutboxWorker({ sale: f.sale, sink, maxAttempts: 2, ...FAST });
    worker.start();
    // the reserved event dies after two attempts and its hold is released, which is a
    // `failed` event of its own: it dies too
    await until('both events are dead-lettered', () => worker.stats().deadLettered === 2);
    await worker.stop();

    const messages = seen.list
      .map(({ message }) => message)
      .filter((m) => m.saleId === 'diag-dead');
    const stats = worker.stats();
    expect(stats).toMatchObject({ written: 0, failedWrites: 4, deadLettered: 2 });
    expect(sum(messages, 'failedWrites')).toBe(stats.failedWrites);
    expect(sum(messages, 'deadLettered')).toBe(stats.deadLettered);
    expect(sum(messages, 'written')).toBe(0);
    // between attempts the event is held for its retry
    expect(messages.some((m) => m.held > 0)).toBe(true);
    expect(
      transitions
        .of('diag-dead')
        .map((m) => [m.operation, m.outcome, m.releaseReason, m.reservationId]),
    ).toEqual([['cancel', 'changed', 'failed', hold.id]]);
  });
});
