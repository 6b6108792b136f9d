/**
 * Re-drive end to end on real Redis and on a Cluster (ioredis-mock has no consumer
 * groups, so no worker runs there): events a refusing sink dead-lettered are put
 * back one, by filter and all, and a worker with a good sink delivers each exactly
 * once; another consumer group, which had them already, does not get them again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readDeadLetters, redriveDeadLetters } from '../../../src/index.js';
import { outboxKeys } from '../../../src/orders/outbox/outbox-keys.js';
import { expectInvariants } from '../../sale/invariants.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import {
  openPipeline,
  workerPool,
  RecordingSink,
  until,
  type PipelineFixture,
} from '../worker/pipeline-fixture.js';

describe.each(['redis', 'cluster'] as const)('redriveDeadLetters on %s', (backend) => {
  let f: PipelineFixture;
  const pool = workerPool(() => f.sale);
  const worker = pool.start;
  afterEach(async () => {
    await pool.stopAll();
    const audit = outboxKeys(f.keys, 'audit');
    await f.client.del(audit.delivered, audit.attempts, audit.dead, audit.redriven);
    await f.close();
  });

  it('puts dead letters back one, by filter and all; each is delivered once, to its group only', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10, perUserLimit: 1 });
    const [a, b, c] = [
      await mustReserve(f.sale, 'a'),
      await mustReserve(f.sale, 'b'),
      await mustReserve(f.sale, 'c'),
    ];
    await f.sale.confirm(a.id);
    const auditSink = new RecordingSink();
    const audit = worker({ sink: auditSink, group: 'audit' });
    const refusing = new RecordingSink((events) =>
      events.some((event) => event.type === 'reserved')
        ? new Error('orders table down')
        : undefined,
    );
    const failing = worker({ sink: refusing, maxAttempts: 2 });
    await until('three reserved events are dead', () => failing.stats().deadLettered === 3);
    // a's confirmation, and the releases of b's and c's holds, went through
    await until('the later events are written', () => failing.stats().written === 3);
    await failing.stop();
    const dead = await readDeadLetters(f.sale);
    // (in the order the retries gave them up)
    expect(dead.map((letter) => `${letter.event?.id ?? ''}:${letter.compensation}`).sort()).toEqual(
      [`${a.id}/reserved:sold`, `${b.id}/reserved:released`, `${c.id}/reserved:released`].sort(),
    );
    const deadOfA = dead.find((letter) => letter.event?.reservationId === a.id)?.id ?? '';
    await until('audit has all six', () => audit.stats().written === 6);

    const good = new RecordingSink();
    const delivering = worker({ sink: good });
    const one = await redriveDeadLetters(f.sale, { ids: [deadOfA] });
    expect(one).toMatchObject({ count: 1, missing: [], skipped: [] });
    expect(one.redriven.map((r) => [r.deadLetterId, r.event.id])).toEqual([
      [deadOfA, `${a.id}/reserved`],
    ]);
    await until('a is delivered', () => good.ids().includes(`${a.id}/reserved`));

    const byFilter = await redriveDeadLetters(f.sale, { type: 'reserved', reservationId: b.id });
    expect(byFilter.redriven.map((r) => r.event.id)).toEqual([`${b.id}/reserved`]);
    await until('b is delivered', () => good.ids().includes(`${b.id}/reserved`));

    const rest = await redriveDeadLetters(f.sale, { all: true });
    expect(rest.redriven.map((r) => r.event.id)).toEqual([`${c.id}/reserved`]);
    await until('c is delivered', () => good.ids().includes(`${c.id}/reserved`));

    // the same dead letter again, and one that never was: nothing moves
    const again = await redriveDeadLetters(f.sale, { ids: [deadOfA, '1-1'] });
    expect(again).toEqual({ count: 0, redriven: [], missing: [deadOfA, '1-1'], skipped: [] });
    expect(await redriveDeadLetters(f.sale, { all: true })).toMatchObject({ count: 0 });

    await until(
      'both groups have nothing pending',
      async () =>
        (await f.client.xpending(f.keys.events, 'orders'))[0] === 0 &&
        (await f.client.xpending(f.keys.events, 'audit'))[0] === 0,
    );
    expect(good.ids().sort()).toEqual(
      [`${a.id}/reserved`, `${b.id}/reserved`, `${c.id}/reserved`].sort(),
    );
    expect(delivering.stats()).toMatchObject({ written: 3, deadLettered: 0 });
    expect(await readDeadLetters(f.sale)).toEqual([]);
    // the audit group had every event once, and was not sent the re-driven ones
    expect(auditSink.ids()).toHaveLength(6);
    expect(new Set(auditSink.ids()).size).toBe(6);
    expect(audit.stats()).toMatchObject({ written: 6, deadLettered: 0 });
    expect(await f.sale.stats()).toMatchObject({ sold: 1, held: 0, available: 9 });
    await expectInvariants(f.client, f.keys, 1);
  });
});
