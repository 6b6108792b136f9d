/**
 * Overdue holds come back without a sweeper: a purchase that finds stock or the
 * buyer's allowance short releases them itself, and every read reports an
 * overdue hold as expired before that.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../invariants.js';
import { mustReserve, pastDeadline } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';

describe.each(BACKENDS)('reclaiming overdue holds on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('a purchase that finds no stock takes back an overdue hold, with no sweeper', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1, holdMs: 100 });
    const first = await mustReserve(f.sale, 'a');
    await pastDeadline(f.sale, first, f.clockSlackMs);

    // the read side already says what it is
    expect(await f.sale.stats()).toMatchObject({ phase: 'open', held: 1, overdueHolds: 1 });
    expect(await f.sale.reservation(first.id)).toMatchObject({
      state: 'released',
      releaseReason: 'expired',
      endedAtMs: first.deadlineMs,
    });
    expect(await f.sale.userStatus('a')).toMatchObject({ used: 0, remaining: 1 });

    const second = await mustReserve(f.sale, 'b');
    expect(second.state).toBe('held');
    const after = await f.sale.stats();
    // b's own 100 ms hold may be overdue already on a stalled machine
    const bOverdue = after.nowMs >= second.deadlineMs ? 1 : 0;
    expect(after).toMatchObject({ available: 0, held: 1, overdueHolds: bOverdue });
    const raw = await f.client.hget(f.keys.holds, first.id);
    expect(raw?.startsWith('expired|')).toBe(true);
    // the sweeper never releases the first hold again: it was released once
    const { released } = await f.sale.expire();
    expect(released.map((r) => r.id)).not.toContain(first.id);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('a buyer at the limit gets their own overdue hold back and can buy again', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 5, perUserLimit: 1, holdMs: 100 });
    const first = await mustReserve(f.sale, 'a');
    await pastDeadline(f.sale, first, f.clockSlackMs);
    const again = await mustReserve(f.sale, 'a');
    expect(again.id).not.toBe(first.id);
    expect(await f.sale.stats()).toMatchObject({ available: 4, held: 1 });
    await expectInvariants(f.client, f.keys, 1);
  });

  it('a sale whose only stock is an overdue hold is open, not sold out', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1, holdMs: 100 });
    const hold = await mustReserve(f.sale, 'a');
    // before the deadline it is sold out (on a stalled machine the deadline may be past)
    const early = await f.sale.stats();
    expect(early.phase).toBe(early.nowMs < hold.deadlineMs ? 'sold_out' : 'open');
    await pastDeadline(f.sale, hold, f.clockSlackMs);
    expect((await f.sale.stats()).phase).toBe('open');
  });

  it('a cancel after the deadline releases the hold as expired, as reads reported it', async () => {
    f = openSale(backend);
    await f.sale.preload({ stock: 1, holdMs: 100 });
    const hold = await mustReserve(f.sale, 'a');
    await pastDeadline(f.sale, hold, f.clockSlackMs);
    expect(await f.sale.cancel(hold.id)).toMatchObject({
      state: 'released',
      releaseReason: 'expired',
    });
    expect(await f.sale.stats()).toMatchObject({ available: 1, held: 0 });
    await expectInvariants(f.client, f.keys, 1);
  });
});
