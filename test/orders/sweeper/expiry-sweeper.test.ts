import { afterEach, describe, expect, it } from 'vitest';
import {
  ExpirySweeper,
  FlashSale,
  isReservationReleasedError,
  type Reservation,
} from '../../../src/index.js';
import { RedisLock } from '../../../src/lock/index.js';
import {
  BACKENDS,
  clientFor,
  redisClient,
  uniquePrefix,
  type AnyClient,
} from '../../harness/clients.js';
import { spawnChild } from '../../harness/spawn-child.js';
import { expectInvariants } from '../../sale/invariants.js';
import { mustReserve, pastDeadline } from '../../sale/purchase-helpers.js';
import {
  openPipeline,
  streamEntries,
  until,
  type PipelineFixture,
} from '../worker/pipeline-fixture.js';

/** Counts each reservation's end events in the outbox: each must end exactly once. */
async function endings(f: PipelineFixture): Promise<Map<string, string[]>> {
  const ends = new Map<string, string[]>();
  for (const { fields } of await streamEntries(f, f.keys.events)) {
    if (fields['type'] === 'reserved') continue;
    ends.set(fields['rid'] ?? '', [...(ends.get(fields['rid'] ?? '') ?? []), fields['type'] ?? '']);
  }
  return ends;
}

describe.each(BACKENDS)('ExpirySweeper on %s', (backend) => {
  let f: PipelineFixture;
  const extra: AnyClient[] = [];
  const sweepers: ExpirySweeper[] = [];
  afterEach(async () => {
    await Promise.all(sweepers.splice(0).map(async (sweeper) => sweeper.stop()));
    for (const client of extra.splice(0)) client.disconnect();
    await f.close();
  });

  it('returns every unpaid hold to stock after its deadline, without anyone calling expire', async () => {
    f = openPipeline(backend);
    // One hold is paid right after it is made. A machine that stalls longer than the
    // hold (1.5 s; 3 s on the in-memory backend, whose Lua is slow) makes that payment
    // late: then it is refused as expired and counted so, never assumed in time.
    await f.sale.preload({
      stock: 30,
      perUserLimit: 1,
      holdMs: backend === 'mock' ? 3_000 : 1_500,
    });
    const first = await mustReserve(f.sale, 'u0');
    const sold = await f.sale.confirm(first.id).then(
      () => 1,
      (error: unknown) => {
        if (isReservationReleasedError(error) && error.reason === 'expired') return 0;
        throw error;
      },
    );
    const held: Reservation[] = [first];
    for (let i = 1; i < 20; i++) held.push(await mustReserve(f.sale, `u${String(i)}`));
    const sweeper = new ExpirySweeper({ sales: [f.sale], intervalMs: 20, maxReleasesPerCall: 3 });
    sweepers.push(sweeper);
    sweeper.start();
    expect(sweeper.running).toBe(true);
    await until('every unpaid hold is back', async () => (await f.sale.stats()).held === 0);
    expect(await f.sale.stats()).toMatchObject({ available: 30 - sold, sold, held: 0 });
    const ends = await endings(f);
    expect(ends.size).toBe(20);
    expect([...ends.values()].filter((types) => types.join() === 'expired')).toHaveLength(
      20 - sold,
    );
    expect(ends.get(first.id)).toEqual([sold === 1 ? 'confirmed' : 'expired']);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('releases each hold exactly once with many sweepers on many connections', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 200, perUserLimit: 1, holdMs: 50 });
    let last: Reservation | undefined;
    for (let i = 0; i < 120; i++) last = await mustReserve(f.sale, `u${String(i)}`);
    if (last) await pastDeadline(f.sale, last, f.clockSlackMs);
    const team = Array.from({ length: 4 }, () => {
      const client = backend === 'mock' ? f.client : clientFor(backend);
      if (client !== f.client) extra.push(client);
      const sale = new FlashSale({ redis: client, saleId: 'drop', keyPrefix: f.prefix });
      return new ExpirySweeper({ sales: [sale], maxReleasesPerCall: 7 });
    });
    const counts = await Promise.all(team.map(async (sweeper) => sweeper.sweep()));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(120);
    expect([...(await endings(f)).values()].every((types) => types.join() === 'expired')).toBe(
      true,
    );
    expect((await endings(f)).size).toBe(120);
    await expectInvariants(f.client, f.keys, 1);
  });
});

describe.each(['redis', 'cluster'] as const)('ExpirySweeper with a lock on %s', (backend) => {
  it('lets only the leader sweep a sale; another takes over when it stops', async () => {
    const f = openPipeline(backend);
    const clients = [clientFor(backend), clientFor(backend), clientFor(backend)];
    const lockPrefix = uniquePrefix('sweep-lock');
    const team = clients.map(
      (client) =>
        new ExpirySweeper({
          sales: [new FlashSale({ redis: client, saleId: 'drop', keyPrefix: f.prefix })],
          lock: new RedisLock({ redis: client, keyPrefix: lockPrefix }),
          leaseMs: 60_000,
        }),
    );
    try {
      await f.sale.preload({ stock: 100, holdMs: 30, perUserLimit: 100 });
      const sweepRound = async (): Promise<number[]> => {
        const first = await mustReserve(f.sale, 'u', 10);
        await pastDeadline(f.sale, first, 0);
        return Promise.all(team.map(async (sweeper) => sweeper.sweep()));
      };
      const round1 = await sweepRound();
      const leader = round1.findIndex((count) => count > 0);
      expect(round1.filter((count) => count > 0)).toEqual([1]);
      expect(await sweepRound()).toEqual(round1); // the same leader again, and only it
      await team[leader]?.stop();
      team.splice(leader, 1);
      const round3 = await sweepRound();
      expect(round3.filter((count) => count > 0)).toEqual([1]);
      expect(await f.sale.stats()).toMatchObject({ held: 0, available: 100 });
    } finally {
      await Promise.all(team.map(async (sweeper) => sweeper.stop()));
      for (const client of clients) client.disconnect();
      await f.close();
    }
  });

  it('a payment racing its own expiry either confirms or is refused, never both', async () => {
    const f = openPipeline(backend);
    const sweeper = new ExpirySweeper({ sales: [f.sale], intervalMs: 1 });
    try {
      // Paying at once is in time unless the machine stalls longer than the hold; each
      // outcome is counted as it came, and every reservation must end exactly as its
      // payment was answered.
      await f.sale.preload({ stock: 90, perUserLimit: 1, holdMs: 2_000 });
      const pay = async (reservation: Reservation): Promise<string> =>
        f.sale.confirm(reservation.id).then(
          () => 'paid',
          (error: unknown) => {
            if (isReservationReleasedError(error) && error.reason === 'expired') return 'refused';
            throw error;
          },
        );
      // a third pay at once (right after their purchase), a third right around their
      // deadline (racing the sweeper, which runs every millisecond), a third once
      // Redis's clock is past it
      const held: Reservation[] = [];
      const paidAtOnce: string[] = [];
      for (let i = 0; i < 90; i++) {
        const reservation = await mustReserve(f.sale, `u${String(i)}`);
        held.push(reservation);
        if (i % 3 === 0) paidAtOnce.push(await pay(reservation));
      }
      sweeper.start();
      const outcomes = await Promise.all(
        held.map(async (reservation, i) => {
          if (i % 3 === 0) return paidAtOnce[i / 3] ?? 'missing';
          if (i % 3 === 1) {
            const aroundMs = reservation.deadlineMs - Date.now() - 10 + (i % 20);
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, aroundMs)));
          }
          if (i % 3 === 2) await pastDeadline(f.sale, reservation, 1);
          return pay(reservation);
        }),
      );
      await until('the rest are swept', async () => (await f.sale.stats()).held === 0);
      // paid at once: paid, or refused only because a stall made the payment late
      const atOnce = outcomes.filter((_outcome, i) => i % 3 === 0);
      expect(atOnce.filter((outcome) => outcome !== 'paid' && outcome !== 'refused')).toEqual([]);
      // paid once Redis's clock had passed the deadline: always refused
      expect(outcomes.filter((_outcome, i) => i % 3 === 2)).toEqual(Array(30).fill('refused'));
      const paid = outcomes.filter((outcome) => outcome === 'paid').length;
      expect(await f.sale.stats()).toMatchObject({ sold: paid, available: 90 - paid, held: 0 });
      const ends = await endings(f);
      held.forEach((reservation, i) => {
        expect(ends.get(reservation.id)).toEqual([
          outcomes[i] === 'paid' ? 'confirmed' : 'expired',
        ]);
      });
      await expectInvariants(f.client, f.keys, 1);
    } finally {
      await sweeper.stop();
      await f.close();
    }
  });
});

describe('ExpirySweeper timers', () => {
  it('never keep the process alive', async () => {
    const client = redisClient();
    const prefix = uniquePrefix('forgotten');
    const child = spawnChild(new URL('fixtures/forgotten-sweeper.ts', import.meta.url), [
      (client.options.port ?? 0).toString(),
      prefix,
    ]);
    try {
      expect(await child.exited()).toBe(0);
      expect(child.lines).toEqual(['swept 0', 'left running']);
    } finally {
      await child.kill();
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
    }
  });
});
