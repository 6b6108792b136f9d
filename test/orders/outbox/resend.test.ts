/**
 * ioredis re-sends a command whose reply was lost when the connection dropped, so
 * every mutating pipeline script may run twice with the same arguments. Each is run
 * twice here, directly, as a re-send would: the second run must change nothing the
 * first did not, and must never duplicate a dead letter, count an attempt twice or
 * lose an entry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEntry } from '../../../src/orders/outbox/decode-entry.js';
import { OUTBOX_SCRIPTS } from '../../../src/orders/outbox/lua/outbox-scripts.js';
import type { LuaScript } from '../../../src/shared/lua/lua-script.js';
import { openPipeline, type PipelineFixture } from '../worker/pipeline-fixture.js';
import { fourEventsRead } from './four-events.js';

const entryArgs = (entries: readonly EventEntry[]) =>
  entries.flatMap(({ position, event }) => [position, event.reservationId, event.type]);

describe.each(['redis', 'cluster'] as const)('pipeline scripts run twice on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  const twice = async (script: LuaScript, keys: string[], args: (string | number)[]) => {
    const run = async () => script.run(f.client, 'test', 10_000, keys, args);
    return [await run(), await run()];
  };
  const deliveryKeys = () => [f.keys.events, f.outbox.delivered, f.outbox.attempts, f.keys.meta];
  const begin = async (entries: readonly EventEntry[], maxAttempts: number, token: string) =>
    twice(OUTBOX_SCRIPTS.begin, deliveryKeys(), [
      'orders',
      'me',
      maxAttempts,
      token,
      ...entryArgs(entries),
    ]);

  it('begin: the second run counts nothing and answers as the first', async () => {
    f = openPipeline(backend);
    const { e } = await fourEventsRead(f);
    // e[0] and e[3] (its confirmation) go together; e[1] failed before, so waits
    await f.client.hset(f.outbox.attempts, e[1].position, 1);
    const [first, second] = await begin([e[0], e[1], e[3]], 5, 'call-1');
    expect(first).toEqual(['wnw', '0 1 0']);
    expect(second).toEqual(first);
    expect(await f.client.hmget(f.outbox.attempts, e[0].position, e[1].position, e[3].position)) //
      .toEqual(['1', '1', '1']);
  });

  it('begin: a re-send never makes an entry exhausted before maxAttempts real attempts', async () => {
    f = openPipeline(backend);
    const { e } = await fourEventsRead(f);
    expect(await begin([e[1]], 2, 'call-1')).toEqual([
      ['w', '0'],
      ['w', '0'],
    ]);
    expect(await begin([e[1]], 2, 'call-2')).toEqual([
      ['w', '1'],
      ['w', '1'],
    ]);
    expect(await begin([e[1]], 2, 'call-3')).toEqual([
      ['x', '2'],
      ['x', '2'],
    ]);
    expect(await f.client.hget(f.outbox.attempts, e[1].position)).toBe('2');
  });

  it('ack: the second run acknowledges nothing more and loses nothing', async () => {
    f = openPipeline(backend);
    const { e } = await fourEventsRead(f);
    await begin([e[0], e[1]], 5, 'call-1');
    const replies = await twice(OUTBOX_SCRIPTS.ack, deliveryKeys(), [
      'orders',
      ...entryArgs([e[0]]),
    ]);
    expect(replies).toEqual([1, 0]);
    expect(await f.client.hgetall(f.outbox.delivered)).toEqual({
      [e[0].event.reservationId]: 'placed',
    });
    expect(await f.client.hget(f.outbox.attempts, e[1].position)).toBe('1');
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(3);
  });

  it('dead-letter: one dead letter, one acknowledgement', async () => {
    f = openPipeline(backend);
    const { e } = await fourEventsRead(f);
    await begin([e[1]], 5, 'call-1');
    const ev = e[1].event;
    const keys = [...deliveryKeys().slice(0, 3), f.outbox.dead, f.keys.meta];
    const args = ['orders', e[1].position, ev.reservationId, ev.type, 'released', 5, 'boom'];
    args.push(ev.saleId, ev.userId, String(ev.quantity), String(ev.atMs), String(ev.deadlineMs));
    expect(await twice(OUTBOX_SCRIPTS.deadLetter, keys, args)).toEqual([1, 0]);
    expect(await f.client.xlen(f.outbox.dead)).toBe(1);
    expect(await f.client.hget(f.outbox.delivered, ev.reservationId)).toBe('dead');
    expect(await f.client.exists(f.outbox.attempts)).toBe(0);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(3);
  });

  it('record-failure: the same value twice', async () => {
    f = openPipeline(backend);
    const { e } = await fourEventsRead(f);
    await begin([e[0]], 5, 'call-1');
    const keys = [f.outbox.attempts, f.keys.meta];
    expect(await twice(OUTBOX_SCRIPTS.recordFailure, keys, ['down', e[0].position])).toEqual([
      1, 1,
    ]);
    expect(await f.client.hget(f.outbox.attempts, `${e[0].position}:error`)).toBe('down');
    expect(await f.client.hget(f.outbox.attempts, e[0].position)).toBe('1');
  });

  it('touch and trim: the second run changes nothing', async () => {
    f = openPipeline(backend);
    const { e, all } = await fourEventsRead(f);
    await f.client.xack(f.keys.events, 'orders', e[0].position, e[1].position);
    const positions = all.map((entry) => entry.position);
    const touched = await twice(
      OUTBOX_SCRIPTS.touch,
      [f.keys.events],
      ['orders', 'me', ...positions],
    );
    expect(touched).toEqual([
      `${e[0].position} ${e[1].position}`,
      `${e[0].position} ${e[1].position}`,
    ]);
    const trimKeys = [
      f.keys.events,
      f.keys.meta,
      f.outbox.delivered,
      f.outbox.attempts,
      f.outbox.dead,
    ];
    expect(await twice(OUTBOX_SCRIPTS.trim, trimKeys, ['orders', 60_000])).toEqual([2, 0]);
    expect((await f.client.xrange(f.keys.events, '-', '+')).map(([id]) => id)).toEqual([
      e[2].position,
      e[3].position,
    ]);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(2);
  });
});
