/**
 * The outbox worker on real Redis and on a Cluster (ioredis-mock has no consumer
 * groups: XREADGROUP, XAUTOCLAIM, XPENDING and XACK are missing there, so the
 * worker is not trusted on the mock).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueuedOrders, readDeadLetters, type OrderEvent } from '../../../src/index.js';
import { outboxKeys } from '../../../src/orders/outbox/outbox-keys.js';
import { expectInvariants } from '../../sale/invariants.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import {
  firstArrivalsInOrder,
  openPipeline,
  workerPool,
  RecordingSink,
  until,
  type PipelineFixture,
} from './pipeline-fixture.js';

describe.each(['redis', 'cluster'] as const)('OutboxWorker on %s', (backend) => {
  let f: PipelineFixture;
  const pool = workerPool(() => f.sale);
  const worker = pool.start;
  afterEach(async () => {
    await pool.stopAll();
    vi.restoreAllMocks();
    await f.close();
  });

  it('delivers every event once, reserved before the later event, then trims the stream', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 20, perUserLimit: 2 });
    const held = [];
    for (let i = 0; i < 10; i++)
      held.push(await mustReserve(f.sale, `user-${String(i)}`, 1 + (i % 2)));
    await f.sale.confirm(held[0]?.id ?? '');
    await f.sale.cancel(held[1]?.id ?? '');
    const expected = (await f.client.xrange(f.keys.events, '-', '+')).length;
    expect(expected).toBe(12);

    const sink = new RecordingSink();
    const w = worker({ sink });
    await until('all events are acknowledged', () => w.stats().written === expected);
    await until('the stream is trimmed', async () => (await f.client.xlen(f.keys.events)) === 0);

    expect(sink.events).toHaveLength(expected);
    expect(new Set(sink.ids()).size).toBe(expected);
    expect(firstArrivalsInOrder(sink.events)).toBe(true);
    expect(sink.events[0]).toMatchObject({
      id: `${held[0]?.id ?? ''}/reserved`,
      type: 'reserved',
      saleId: 'drop',
      userId: 'user-0',
      quantity: 1,
      atMs: held[0]?.createdAtMs,
      deadlineMs: held[0]?.deadlineMs,
    });
    expect(await f.client.xpending(f.keys.events, 'orders')).toEqual([0, null, null, null]);
    expect(Object.keys(await f.client.hgetall(f.outbox.delivered))).toHaveLength(10);
    expect(w.stats()).toEqual({ written: 12, failedWrites: 0, deadLettered: 0, reclaimed: 0 });
  });

  it('shares a live sale between three workers: each event once, each reservation in order', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 150, perUserLimit: 1 });
    const sink = new RecordingSink();
    const team = [
      worker({ sink, maxEventsPerWrite: 7 }),
      worker({ sink, maxEventsPerWrite: 7 }),
      worker({ sink, maxEventsPerWrite: 7 }),
    ];
    let terminal = 0;
    for (let i = 0; i < 150; i++) {
      const reservation = await mustReserve(f.sale, `u${String(i)}`);
      if (i % 3 === 0) await f.sale.confirm(reservation.id);
      if (i % 3 === 1) await f.sale.cancel(reservation.id);
      terminal += i % 3 === 2 ? 0 : 1;
    }
    const total = 150 + terminal;
    const written = (): number => team.reduce((sum, w) => sum + w.stats().written, 0);
    await until('every event is acknowledged', () => written() === total);
    expect(sink.events).toHaveLength(total);
    expect(new Set(sink.ids()).size).toBe(total);
    expect(firstArrivalsInOrder(sink.events)).toBe(true);
    expect(team.every((w) => w.stats().written > 0)).toBe(true);
  });

  it('acknowledges nothing before the sink resolves', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5, perUserLimit: 5 });
    await mustReserve(f.sale, 'u', 2);
    await mustReserve(f.sale, 'u', 1);
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const sink = new RecordingSink(undefined, async () => gate);
    const w = worker({ sink });
    await until('the sink is writing', () => sink.calls === 1);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(2);
    expect(await f.client.hlen(f.outbox.delivered)).toBe(0);
    open();
    await until('both are acknowledged', () => w.stats().written === 2);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(0);
    expect(await f.client.hlen(f.outbox.delivered)).toBe(1 + 1);
  });

  it('retries a failing sink with backoff until it recovers: nothing lost, nothing dead', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1 });
    for (let i = 0; i < 6; i++) await mustReserve(f.sale, `u${String(i)}`);
    const sink = new RecordingSink((_events, call) =>
      call <= 4 ? new Error(`down ${String(call)}`) : undefined,
    );
    const errors: string[] = [];
    const w = worker({
      sink,
      maxAttempts: 10,
      onError: (error, stage) => errors.push(`${stage}: ${String(error)}`),
    });
    await until('all six are written', () => w.stats().written === 6);
    expect(w.stats().failedWrites).toBe(4);
    expect(errors.filter((line) => line.startsWith('write: Error: down'))).toHaveLength(4);
    expect(new Set(sink.ids()).size).toBe(6);
    expect(await readDeadLetters(f.sale)).toEqual([]);
    expect(await f.sale.stats()).toMatchObject({ held: 6, available: 4 });
  });

  it('dead-letters only the event the sink always rejects, releases its hold, and delivers the rest', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1 });
    const reservations = [];
    for (let i = 0; i < 6; i++) reservations.push(await mustReserve(f.sale, `u${String(i)}`));
    const poison = reservations[2]?.id ?? '';
    const sink = new RecordingSink((events) =>
      events.some((event) => event.id === `${poison}/reserved`)
        ? new Error('constraint violated')
        : undefined,
    );
    const w = worker({ sink, maxAttempts: 3 });
    await until('the poison is dead and its release delivered', () =>
      sink.ids().includes(`${poison}/failed`),
    );
    await until('everything else is written', () => w.stats().written === 6);

    const dead = await readDeadLetters(f.sale);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      attempts: 3,
      error: 'constraint violated',
      compensation: 'released',
      event: { id: `${poison}/reserved`, type: 'reserved', userId: 'u2', quantity: 1 },
    });
    expect(w.stats()).toMatchObject({ deadLettered: 1, written: 6 });
    expect(sink.ids().sort()).toEqual(
      [
        ...reservations.filter((r) => r.id !== poison).map((r) => `${r.id}/reserved`),
        `${poison}/failed`,
      ].sort(),
    );
    // after failing once in the first batch, the poison was only ever tried alone
    expect(sink.refused.map((batch) => batch.length)).toEqual([6, 1, 1]);
    expect(await f.sale.stats()).toMatchObject({ held: 5, available: 5, sold: 0 });
    expect(await new QueuedOrders({ sale: f.sale }).status(poison)).toMatchObject({
      state: 'failed',
      reason: 'sink_rejected',
    });
    expect((await f.sale.userStatus('u2'))?.remaining).toBe(1);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('dead-letters an outbox entry that is not a hold event, and delivers the rest', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5 });
    const r = await mustReserve(f.sale, 'u');
    const stray = await f.client.xadd(f.keys.events, '*', 'type', 'shipped', 'rid', r.id);
    const sink = new RecordingSink();
    const w = worker({ sink });
    await until('both entries are settled', () => {
      const { written, deadLettered } = w.stats();
      return written === 1 && deadLettered === 1;
    });
    expect(sink.ids()).toEqual([`${r.id}/reserved`]);
    expect(await readDeadLetters(f.sale)).toEqual([
      {
        id: expect.stringMatching(/^\d+-\d+$/) as unknown,
        event: null,
        position: stray,
        attempts: 0,
        error: 'not a hold event',
        compensation: 'none',
      },
    ]);
    expect(await f.sale.stats()).toMatchObject({ held: 1, available: 4 });
  });

  it('reclaims what a crashed consumer left pending, and keeps reservations in order across consumers', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1 });
    const a = await mustReserve(f.sale, 'a');
    await mustReserve(f.sale, 'b');
    // A consumer takes both reserved events and dies without acknowledging them.
    await f.client.xgroup('CREATE', f.keys.events, 'orders', '0');
    await f.client.xreadgroup(
      'GROUP',
      'orders',
      'crashed',
      'COUNT',
      10,
      'STREAMS',
      f.keys.events,
      '>',
    );
    // Long idle already (as if it died ten minutes ago): the worker takes them over
    // at its first scan (reclaimIdleMs / 2 after it starts), while its own entries,
    // renewed every reclaimIdleMs / 3, never look idle to it, however slow the machine.
    const stuck = (await f.client.xrange(f.keys.events, '-', '+')).map(([id]) => id);
    await f.client.call('XCLAIM', f.keys.events, 'orders', 'crashed', 0, ...stuck, 'IDLE', 600_000);
    await f.sale.confirm(a.id); // a later event of a reservation whose first is stuck

    const sink = new RecordingSink();
    const w = worker({ sink, reclaimIdleMs: 2_000 });
    await until('all three are written', () => w.stats().written === 3);
    expect(w.stats().reclaimed).toBe(2);
    expect(sink.ids().indexOf(`${a.id}/reserved`)).toBeLessThan(
      sink.ids().indexOf(`${a.id}/confirmed`),
    );
    expect(sink.events).toHaveLength(3);
  });

  it('gives every consumer group every event, with its own order marks and dead letters', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5 });
    const r = await mustReserve(f.sale, 'u');
    await f.sale.confirm(r.id);
    const h = await mustReserve(f.sale, 'v');
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const orders = new RecordingSink(undefined, async () => gate);
    const audit = new RecordingSink((events) =>
      events.some((event) => event.type === 'confirmed') ? new Error('audit rejects') : undefined,
    );
    const main = worker({ sink: orders });
    const side = worker({ sink: audit, group: 'audit', maxAttempts: 2 });
    await until('audit gave up the confirmed event', () => side.stats().deadLettered === 1);
    await until('audit has the rest', () => side.stats().written === 2);
    expect(audit.ids().sort()).toEqual([`${r.id}/reserved`, `${h.id}/reserved`].sort());
    expect((await new QueuedOrders({ sale: f.sale }).status(h.id))?.state).toBe('pending');
    expect((await new QueuedOrders({ sale: f.sale, group: 'audit' }).status(h.id))?.state).toBe(
      'placed',
    );
    expect(await readDeadLetters(f.sale)).toEqual([]);
    const auditDead = await readDeadLetters(f.sale, { group: 'audit' });
    expect(auditDead.map((letter) => letter.event?.id)).toEqual([`${r.id}/confirmed`]);
    open();
    await until('orders has all three', () => main.stats().written === 3);
    expect(orders.ids()).toEqual([`${r.id}/reserved`, `${r.id}/confirmed`, `${h.id}/reserved`]);
    expect((await new QueuedOrders({ sale: f.sale }).status(h.id))?.state).toBe('placed');
    const auditKeys = outboxKeys(f.keys, 'audit');
    await f.client.del(auditKeys.delivered, auditKeys.attempts, auditKeys.dead);
  });

  it('keeps a slow write claimed: another worker does not take it over', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1 });
    for (let i = 0; i < 4; i++) await mustReserve(f.sale, `u${String(i)}`);
    // Heartbeats every third of reclaimIdleMs keep the entries claimed; the period is
    // long enough that a loaded machine's stalls (hundreds of ms) cannot make them
    // look idle, and the first write lasts more than two periods.
    const reclaimIdleMs = 1_500;
    let calls = 0;
    const slow = async (): Promise<void> => {
      calls += 1;
      if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 2.5 * reclaimIdleMs));
    };
    const sink = new RecordingSink(undefined, slow);
    const first = worker({ sink, reclaimIdleMs });
    await until('the slow write started', () => sink.calls === 1);
    const second = worker({ sink, reclaimIdleMs });
    await until('all four are written', () => first.stats().written + second.stats().written === 4);
    expect(sink.events).toHaveLength(4);
    expect(second.stats().reclaimed).toBe(0);
  });

  it('stops reading while maxHeldEvents wait for a retry', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 20, perUserLimit: 1 });
    for (let i = 0; i < 12; i++) await mustReserve(f.sale, `u${String(i)}`);
    let down = true;
    const sink = new RecordingSink(() => (down ? new Error('down') : undefined));
    const w = worker({ sink, maxEventsPerWrite: 2, maxHeldEvents: 3, maxAttempts: 1000 });
    await until('many retries have failed', () => sink.calls >= 30);
    // read while fewer than 3 were held: 2, then 2 more; then nothing new
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(4);
    down = false;
    await until('all twelve are written', () => w.stats().written === 12);
  });

  it('stop() lets the write in flight finish and acknowledges it', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5 });
    await mustReserve(f.sale, 'u');
    let open = (): void => undefined;
    const sink = new RecordingSink(
      undefined,
      async () => new Promise<void>((resolve) => (open = resolve)),
    );
    const w = worker({ sink });
    await until('the sink is writing', () => sink.calls === 1);
    const stopped = w.stop();
    open();
    await stopped;
    expect(w.running).toBe(false);
    expect(w.stats().written).toBe(1);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(0);
  });

  it('stop() abandons a write past stopTimeoutMs unacknowledged; another worker delivers it', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5 });
    await mustReserve(f.sale, 'u');
    const stuck = new RecordingSink(undefined, async () => new Promise<void>(() => undefined));
    const first = worker({ sink: stuck, stopTimeoutMs: 50, reclaimIdleMs: 300 });
    await until('the sink is writing', () => stuck.calls === 1);
    await first.stop();
    expect(stuck.signals[0]?.aborted).toBe(true);
    expect(first.stats().written).toBe(0);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(1);

    const sink = new RecordingSink();
    const second = worker({ sink, reclaimIdleMs: 300 });
    await until('the second worker wrote it', () => second.stats().written === 1);
    expect(second.stats().reclaimed).toBe(1);
    expect(sink.events.map((event: OrderEvent) => event.type)).toEqual(['reserved']);
  });

  it('waits for a sale that is not loaded yet, then delivers from its first event', async () => {
    f = openPipeline(backend);
    const sink = new RecordingSink();
    const lookups = vi.spyOn(f.client, 'xgroup');
    const w = worker({ sink });
    // counted, not timed: it has looked for the stream three times
    await until('the worker looked for the stream', () => lookups.mock.calls.length >= 3);
    expect(await f.client.exists(f.keys.events)).toBe(0); // the worker created nothing
    await f.sale.preload({ stock: 3 });
    const r = await mustReserve(f.sale, 'u');
    await until('the event is written', () => w.stats().written === 1);
    expect(sink.ids()).toEqual([`${r.id}/reserved`]);
  });
});
