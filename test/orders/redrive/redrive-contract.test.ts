/**
 * redriveDeadLetters on real Redis and on a Cluster (ioredis-mock has no XDEL, in
 * scripts or out, so neither removeDeadLetters nor re-drive runs there): dead letters made
 * by hand from a sale's real outbox entries move back to the outbox, each once,
 * with their fields; a re-sent script call moves nothing twice and answers as its
 * first run did; unknown ids and entries that hold no event are reported; bad
 * input is refused before Redis is asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  FlashSale,
  isSaleNotLoadedError,
  readDeadLetters,
  redriveDeadLetters,
  type DeadLetterSelection,
} from '../../../src/index.js';
import { OUTBOX_SCRIPTS } from '../../../src/orders/outbox/lua/outbox-scripts.js';
import { unreachableClient } from '../../harness/clients.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { openPipeline, streamEntries, type PipelineFixture } from '../worker/pipeline-fixture.js';

/** Moves every outbox entry to the dead letters, as dead-letter-5.lua would. */
async function deadLetterAll(f: PipelineFixture): Promise<string[]> {
  const ids: string[] = [];
  for (const { id, fields } of await streamEntries(f, f.keys.events)) {
    const flat = Object.entries(fields).flat();
    const extra = ['entry', id, 'attempts', '3', 'error', 'down', 'compensation', 'none'];
    ids.push(String(await f.client.xadd(f.outbox.dead, '*', ...flat, ...extra)));
    await f.client.xdel(f.keys.events, id);
  }
  return ids;
}

describe.each(['redis', 'cluster'] as const)('redriveDeadLetters on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  it('moves dead letters back with their fields: by ids, by filter, all', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1 });
    const purchase = await f.sale.tryPurchase('a', { metadata: { price: 5 } });
    if (!purchase.ok) throw new Error(purchase.reason);
    const a = purchase.reservation;
    const b = await mustReserve(f.sale, 'b');
    await f.sale.confirm(b.id);
    const original = await streamEntries(f, f.keys.events);
    const dead = await deadLetterAll(f);
    expect(dead).toHaveLength(3);
    const letters = await readDeadLetters(f.sale);

    const one = await redriveDeadLetters(f.sale, { ids: [dead[0] ?? '', dead[0] ?? '', '9-9'] });
    expect(one.count).toBe(1);
    expect(one.missing).toEqual(['9-9']);
    const moved = one.redriven[0];
    expect(moved?.event).toEqual({ ...letters[0]?.event, position: moved?.event.position });
    const filtered = await redriveDeadLetters(f.sale, { type: 'confirmed', userId: 'b' });
    expect(filtered.redriven.map((r) => r.event.id)).toEqual([`${b.id}/confirmed`]);
    expect(await redriveDeadLetters(f.sale, { reservationId: 'drop:nobody' })).toEqual({
      count: 0,
      redriven: [],
      missing: [],
      skipped: [],
    });
    const rest = await redriveDeadLetters(f.sale, { all: true });
    expect(rest.redriven.map((r) => r.event.id)).toEqual([`${b.id}/reserved`]);
    expect(await readDeadLetters(f.sale)).toEqual([]);

    // the outbox holds each event once more, with its fields and the group it is for
    const back = await streamEntries(f, f.keys.events);
    expect(back.map((entry) => entry.fields)).toEqual(
      [original[0], original[2], original[1]].map((entry) => ({
        ...entry?.fields,
        redrive: 'orders',
      })),
    );
    expect(back.map((entry) => entry.id)).toEqual(
      [one, filtered, rest].map((result) => result.redriven[0]?.event.position),
    );
    expect(a.id).toBe(letters[0]?.event?.reservationId);
    // the move records live as long as the sale's keys (here: no end, so no expiry)
    expect(Math.sign(await f.client.pttl(f.outbox.redriven))).toBe(
      Math.sign(await f.client.pttl(f.keys.meta)),
    );
  });

  it('a re-sent call moves nothing twice and answers as its first run did', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10 });
    await mustReserve(f.sale, 'a');
    const [id = ''] = await deadLetterAll(f);
    const keys = [f.outbox.dead, f.keys.events, f.outbox.delivered, f.outbox.redriven, f.keys.meta];
    const call = async (token: string) =>
      OUTBOX_SCRIPTS.redrive.run(f.client, 'test', 2_000, keys, ['orders', token, id]);
    const first = await call('call-1');
    expect(first).toMatch(/^\d+-\d+$/);
    expect(await call('call-1')).toBe(first);
    expect(await call('call-2')).toBe('-');
    expect(await f.client.xlen(f.keys.events)).toBe(1);
    expect(await f.client.xlen(f.outbox.dead)).toBe(0);
  });

  it('leaves a dead letter that holds no event, and refuses a sale that is gone', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10 });
    const stray = String(
      await f.client.xadd(f.outbox.dead, '*', 'entry', '1-1', 'type', 'shipped', 'error', 'x'),
    );
    expect(await redriveDeadLetters(f.sale, { all: true })).toMatchObject({
      count: 0,
      skipped: [stray],
    });
    expect(await redriveDeadLetters(f.sale, { ids: [stray] })).toMatchObject({ skipped: [stray] });
    expect(await redriveDeadLetters(f.sale, { type: 'reserved' })).toMatchObject({ skipped: [] });
    expect(await f.client.xlen(f.outbox.dead)).toBe(1);
    await mustReserve(f.sale, 'a');
    await deadLetterAll(f);
    await f.client.del(f.keys.meta);
    await expect(redriveDeadLetters(f.sale, { all: true })).rejects.toSatisfy(isSaleNotLoadedError);
    expect(await f.client.xlen(f.outbox.dead)).toBe(2);
  });
});

describe('redriveDeadLetters refuses bad input before Redis is asked', () => {
  const cases: [string, unknown, unknown, string][] = [
    ['no selection', undefined, undefined, 'selection'],
    ['a string', 'all', undefined, 'selection'],
    ['an empty filter', {}, undefined, 'selection'],
    ['two forms at once', { all: true, type: 'reserved' }, undefined, 'selection'],
    ['ids that are not ids', { ids: ['1-1', '*'] }, undefined, 'ids'],
    ['ids not an array', { ids: '1-1' }, undefined, 'ids'],
    ['all: false', { all: false }, undefined, 'all'],
    ['an unknown event type', { type: 'shipped' }, undefined, 'type'],
    ['an unknown compensation', { compensation: 'lost' }, undefined, 'compensation'],
    ['an empty reservation id', { reservationId: '' }, undefined, 'reservationId'],
    ['an unknown field', { id: '1-1' }, undefined, 'id'],
    ['a bad group', { all: true }, { group: '' }, 'group'],
    ['bad options', { all: true }, null, 'options'],
  ];
  it.each(cases)('%s', async (_, selection, options, argument) => {
    const offline = await unreachableClient();
    try {
      const sale = new FlashSale({ redis: offline, saleId: 'drop' });
      await expect(
        redriveDeadLetters(sale, selection as DeadLetterSelection, options as never),
      ).rejects.toMatchObject({ name: 'InvalidArgumentError', argument });
      // the control: a good call does reach the (unreachable) server
      await expect(redriveDeadLetters(sale, { all: true })).rejects.toMatchObject({
        name: 'RedisUnavailableError',
      });
    } finally {
      offline.disconnect();
    }
  });
  it('a sale that is not one', async () => {
    await expect(redriveDeadLetters({} as never, { all: true })).rejects.toMatchObject({
      argument: 'sale.saleId',
    });
  });
});
