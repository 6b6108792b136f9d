/**
 * The transition, expire and sweep channels on a real Redis: what each confirm,
 * cancel, extend and expire did, and how late a sweeper released each hold, by
 * Redis's clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CHANNELS,
  ExpirySweeper,
  FlashSale,
  type ExpireMessage,
  type SweepMessage,
  type TransitionMessage,
} from '../../src/index.js';
import { RedisLock } from '../../src/lock/index.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';
import { mustReserve, pastDeadline } from '../sale/purchase-helpers.js';
import { capture, type Capture } from './capture.js';

const redis = redisClient();
const prefix = uniquePrefix('diag-transition');
const captures: Capture<object>[] = [];

afterEach(async () => {
  for (const c of captures.splice(0)) c.stop();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
});

function listen<Message extends object>(
  name: (typeof DIAGNOSTIC_CHANNELS)[keyof typeof DIAGNOSTIC_CHANNELS],
): Capture<Message> {
  const c = capture<Message>(name);
  captures.push(c);
  return c;
}

/** The fields a test compares exactly (the latency is only checked to be a duration). */
function summary(message: TransitionMessage): unknown[] {
  expect(message.latencyMs).toBeGreaterThanOrEqual(0);
  return [
    message.operation,
    message.outcome,
    message.state,
    message.releaseReason,
    message.quantity,
    message.error,
  ];
}

describe('the transition channel', () => {
  it('tells a change from a repeat, a refusal and bad input', async () => {
    const sale = new FlashSale({ redis, saleId: 'paid', keyPrefix: prefix });
    await sale.preload({ stock: 5, perUserLimit: 2, holdMs: 60_000, maxExtendMs: 60_000 });
    const kept = await mustReserve(sale, 'alice', 2);
    const dropped = await mustReserve(sale, 'bob');
    const transitions = listen<TransitionMessage>(DIAGNOSTIC_CHANNELS.transition);

    await sale.extend(kept.id, 1_000);
    await expect(sale.extend(kept.id, 60_000)).rejects.toThrow(/extend/);
    await sale.confirm(kept.id);
    await sale.confirm(kept.id);
    await expect(sale.cancel(kept.id)).rejects.toThrow(/sold/);
    await sale.cancel(dropped.id);
    await sale.cancel(dropped.id);
    await expect(sale.confirm('paid:nope')).rejects.toThrow(/reservation id/);

    const messages = transitions.of('paid');
    expect(messages.map(summary)).toEqual([
      ['extend', 'changed', 'held', null, 2, null],
      ['extend', 'refused', null, null, 0, 'ExtensionLimitError'],
      ['confirm', 'changed', 'sold', null, 2, null],
      ['confirm', 'unchanged', 'sold', null, 2, null],
      ['cancel', 'refused', 'sold', null, 2, 'ReservationSoldError'],
      ['cancel', 'changed', 'released', 'cancelled', 1, null],
      ['cancel', 'unchanged', 'released', 'cancelled', 1, null],
      ['confirm', 'error', null, null, 0, 'InvalidArgumentError'],
    ]);
    expect(messages.map((message) => message.reservationId)).toEqual([
      ...Array<string>(5).fill(kept.id),
      dropped.id,
      dropped.id,
      'paid:nope',
    ]);
    expect(messages[2]?.lines).toEqual([{ item: 'default', quantity: 2 }]);
  });

  it('reports a confirm past the deadline as the change it is: released as expired by that call', async () => {
    const sale = new FlashSale({ redis, saleId: 'late', keyPrefix: prefix });
    await sale.preload({ stock: 1, holdMs: 50 });
    const hold = await mustReserve(sale, 'alice');
    await pastDeadline(sale, hold, 1);
    const transitions = listen<TransitionMessage>(DIAGNOSTIC_CHANNELS.transition);
    await expect(sale.confirm(hold.id)).rejects.toThrow(/expired/);
    await expect(sale.confirm(hold.id)).rejects.toThrow(/expired/);
    expect(transitions.of('late').map(summary)).toEqual([
      ['confirm', 'changed', 'released', 'expired', 1, 'ReservationReleasedError'],
      ['confirm', 'refused', 'released', 'expired', 1, 'ReservationReleasedError'],
    ]);
  });
});

describe('the expire and sweep channels', () => {
  it('report what expire released, and how late past its deadline the sweeper released each hold', async () => {
    const sale = new FlashSale({ redis, saleId: 'swept', keyPrefix: prefix });
    await sale.preload({ stock: 10, perUserLimit: 3, holdMs: 50 });
    const holds = [
      await mustReserve(sale, 'a', 3),
      await mustReserve(sale, 'b'),
      await mustReserve(sale, 'c', 2),
    ];
    for (const hold of holds) await pastDeadline(sale, hold, 1);
    const expires = listen<ExpireMessage>(DIAGNOSTIC_CHANNELS.expire);
    const sweeps = listen<SweepMessage>(DIAGNOSTIC_CHANNELS.sweep);
    // two holds per call: the sweeper calls expire twice for this sale
    const sweeper = new ExpirySweeper({ sales: [sale], maxReleasesPerCall: 2 });
    expect(await sweeper.sweep()).toBe(3);

    expect(expires.of('swept')).toEqual([
      {
        saleId: 'swept',
        released: 2,
        units: expect.any(Number) as unknown,
        more: true,
        error: null,
        latencyMs: expect.any(Number) as unknown,
      },
      {
        saleId: 'swept',
        released: 1,
        units: expect.any(Number) as unknown,
        more: false,
        error: null,
        latencyMs: expect.any(Number) as unknown,
      },
    ]);
    expect(expires.of('swept').reduce((sum, message) => sum + message.units, 0)).toBe(6);

    const [sweep, ...others] = sweeps.of('swept');
    expect(others).toEqual([]);
    expect(sweep).toMatchObject({ saleId: 'swept', led: true, released: 3, error: null });
    // each delay is the hold's own endedAtMs - deadlineMs, as Redis recorded them
    const expected: number[] = [];
    for (const hold of holds) {
      const ended = await sale.reservation(hold.id);
      expect(ended).toMatchObject({ state: 'released', releaseReason: 'expired' });
      expected.push((ended?.endedAtMs ?? Number.NaN) - hold.deadlineMs);
    }
    expect([...(sweep?.delaysMs ?? [])].sort((x, y) => x - y)).toEqual(
      expected.sort((x, y) => x - y),
    );
    expect(expected.every((delay) => delay >= 1)).toBe(true);

    // nothing overdue: a sweep that released nothing still reports, with no delays
    expect(await sweeper.sweep()).toBe(0);
    expect(sweeps.of('swept')[1]).toMatchObject({ led: true, released: 0, delaysMs: [] });
  });

  it('reports a sweep that another process leads as not led', async () => {
    const sale = new FlashSale({ redis, saleId: 'led', keyPrefix: prefix });
    await sale.preload({ stock: 1, holdMs: 60_000 });
    const lock = new RedisLock({ redis, keyPrefix: `${prefix}lock:` });
    const leader = new ExpirySweeper({ sales: [sale], lock, leaseMs: 60_000 });
    const follower = new ExpirySweeper({ sales: [sale], lock, leaseMs: 60_000 });
    const sweeps = listen<SweepMessage>(DIAGNOSTIC_CHANNELS.sweep);
    await leader.sweep();
    await follower.sweep();
    expect(sweeps.of('led').map(({ led, released }) => [led, released])).toEqual([
      [true, 0],
      [false, 0],
    ]);
    await leader.stop();
  });
});
