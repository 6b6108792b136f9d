/**
 * The pipeline's scripts one by one, on real Redis and Cluster (ioredis-mock has no
 * consumer groups). The worker tests cover them together; these pin each verdict.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEntry } from '../../../src/orders/outbox/decode-entry.js';
import type { OutboxGroup } from '../../../src/orders/outbox/outbox-group.js';
import { openPipeline, type PipelineFixture } from '../worker/pipeline-fixture.js';
import { fourEventsRead, type Four } from './four-events.js';

describe.each(['redis', 'cluster'] as const)('pipeline scripts on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  async function setUp(): Promise<{ group: OutboxGroup; e: Four; all: EventEntry[] }> {
    f = openPipeline(backend);
    return fourEventsRead(f);
  }
  const verdicts = async (group: OutboxGroup, entries: EventEntry[], max = 5) =>
    (await group.begin(entries, max)).map((d) => `${d.verdict}:${String(d.attempts)}`);

  it('begin: a later event waits for its reserved event, unless that is in the same batch', async () => {
    const { group, e } = await setUp();
    expect(e.map((entry) => entry.event.type)).toEqual([
      'reserved',
      'reserved',
      'reserved',
      'confirmed',
    ]);
    expect(await verdicts(group, [e[3]])).toEqual(['deferred:0']);
    expect(await verdicts(group, [e[0], e[3]])).toEqual(['write:0', 'write:0']);
    await group.ack([e[0]]);
    expect(await f.client.hget(f.outbox.delivered, e[0].event.reservationId)).toBe('placed');
    expect(await verdicts(group, [e[3]])).toEqual(['write:1']);
  });

  it('begin: an entry that failed before goes alone; attempts count before the write', async () => {
    const { group, e } = await setUp();
    expect(await verdicts(group, [e[0], e[1]])).toEqual(['write:0', 'write:0']);
    expect(await verdicts(group, [e[0], e[1], e[2]])).toEqual(['write:1', 'later:1', 'later:0']);
    expect(await verdicts(group, [e[2], e[1]])).toEqual(['write:0', 'later:1']);
    expect(await f.client.hmget(f.outbox.attempts, e[0].position, e[1].position)).toEqual([
      '2',
      '1',
    ]);
  });

  it('begin: exhausted after maxAttempts; lost once another consumer has it', async () => {
    const { group, e } = await setUp();
    await f.client.hset(f.outbox.attempts, e[1].position, 3);
    await f.client.call('XCLAIM', f.keys.events, 'orders', 'other', 0, e[2].position);
    expect(await verdicts(group, [e[0], e[1], e[2]], 3)).toEqual([
      'write:0',
      'exhausted:3',
      'lost:0',
    ]);
    expect([...(await group.touch([e[0].position, e[2].position]))]).toEqual([e[2].position]);
  });

  it('dead-letter: exactly once, marks the reservation dead, keeps the last error', async () => {
    const { group, e } = await setUp();
    const entry = e[1];
    await group.begin([entry], 5); // a failure is recorded after a counted attempt
    expect(await group.recordFailure([entry], new Error('duplicate key'))).toBe(1);
    expect(await group.deadLetter(entry, 'released', 4)).toBe(true);
    expect(await group.deadLetter(entry, 'released', 4)).toBe(false);
    const dead = await f.client.xrange(f.outbox.dead, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[1]).toEqual(
      expect.arrayContaining(['error', 'duplicate key', 'attempts', '4']),
    );
    expect(await f.client.hget(f.outbox.delivered, entry.event.reservationId)).toBe('dead');
    expect(await f.client.hlen(f.outbox.attempts)).toBe(0);
    expect((await f.client.xpending(f.keys.events, 'orders'))[0]).toBe(3);
  });

  it('trim: drops only what every group has acknowledged', async () => {
    const { group, e, all } = await setUp();
    await group.ack(all);
    await f.client.xgroup('CREATE', f.keys.events, 'audit', '0');
    expect(await group.trim(60_000)).toBe(0); // audit has read nothing
    await f.client.xreadgroup('GROUP', 'audit', 'x', 'COUNT', 2, 'STREAMS', f.keys.events, '>');
    await f.client.xack(f.keys.events, 'audit', e[0].position);
    expect(await group.trim(60_000)).toBe(1); // e[1] is pending at audit
    await f.client.xack(f.keys.events, 'audit', e[1].position);
    expect(await group.trim(60_000)).toBe(1); // e[2], e[3] are unread by audit
    expect((await f.client.xrange(f.keys.events, '-', '+')).map(([id]) => id)).toEqual([
      e[2].position,
      e[3].position,
    ]);
  });

  it('trim: forgets consumers that hold nothing and were idle long enough', async () => {
    const { group, e } = await setUp();
    await f.client.call('XCLAIM', f.keys.events, 'orders', 'gone', 0, e[0].position);
    await f.client.xack(f.keys.events, 'orders', e[0].position);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await group.trim(20);
    const names = (await f.client.xinfo('CONSUMERS', f.keys.events, 'orders')) as unknown[][];
    expect(names.map((consumer) => consumer[1])).toEqual(['me']); // me still holds three
  });

  it('gives the pipeline keys the lifetime of the sale keys', async () => {
    const { group, e } = await setUp();
    await group.begin([e[0], e[2]], 5);
    await group.ack([e[0]]); // e[2]'s attempt stays counted, so the attempts hash stays
    await group.deadLetter(e[1], 'released', 1);
    // read together (one transaction), so a stall between the reads cannot count
    const keys = [f.keys.meta, f.outbox.delivered, f.outbox.attempts, f.outbox.dead];
    const multi = f.client.multi();
    for (const key of keys) multi.pttl(key);
    const [meta = 0, ...others] = ((await multi.exec()) ?? []).map(([, ttl]) => Number(ttl));
    expect(meta).toBeGreaterThan(0);
    expect(others).toHaveLength(3);
    for (const ttl of others) expect(Math.abs(ttl - meta)).toBeLessThan(1_000);
  });
});
