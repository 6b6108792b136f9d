import { setTimeout as sleep } from 'node:timers/promises';
import type { Cluster } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import {
  homeShard,
  isInvalidArgumentError,
  isReservationReleasedError,
  isSaleConflictError,
  isSaleNotLoadedError,
  isStockConflictError,
  isUnknownItemError,
  type PurchaseResult,
  type Reservation,
} from '../../src/index.js';
import { saleContextOf } from '../../src/sale/sale-reference.js';
import { moveUnits } from '../../src/shards/transfer/move-units.js';
import { takeUnits } from '../../src/shards/transfer/transfer-steps.js';
import { BACKENDS } from '../harness/clients.js';
import { expectInvariants } from '../sale/invariants.js';
import { pastDeadline } from '../sale/purchase-helpers.js';
import {
  openSharded,
  untilReserved,
  usersHomedOn,
  type ShardedFixture,
} from './sharded-fixture.js';

function reservedId(result: PurchaseResult): string {
  if (!result.ok) throw new Error(`not reserved: ${result.reason}`);
  return result.reservation.id;
}

/** Conservation over the shards (with the units in transit), and each shard's own invariants. */
async function expectConserved(f: ShardedFixture, stock: number, limit: number): Promise<void> {
  const stats = await f.sale.stats();
  expect(stats.available + stats.held + stats.sold + stats.inTransit).toBe(
    stats.loaded + stats.restocked - stats.withdrawn,
  );
  expect(stats.loaded + stats.restocked - stats.withdrawn).toBe(stock);
  for (const keys of await f.shardKeys()) await expectInvariants(f.client, keys, limit);
}

describe.each(BACKENDS)('a sharded sale on %s', (backend) => {
  let f: ShardedFixture;
  afterEach(async () => {
    await f.close();
  });

  it('splits the stock over its shards, once, and names them in its directory', async () => {
    f = openSharded(backend, 3);
    expect(await f.sale.preload({ stock: 10, perUserLimit: 2 })).toBe('created');
    expect(await f.sale.preload({ stock: 10, perUserLimit: 2 })).toBe('unchanged');
    const stats = await f.sale.stats();
    expect(stats.shards.map((shard) => shard.loaded)).toEqual([4, 3, 3]);
    expect(stats).toMatchObject({ loaded: 10, available: 10, held: 0, inTransit: 0 });
    const ids = (await f.sale.shards()).map((shard) => shard.saleId);
    expect(ids).toHaveLength(3);
    ids.forEach((id, index) => {
      expect(id).toMatch(new RegExp(`^hot\\.s${String(index)}\\.\\d+$`));
    });
    expect(await f.client.get(f.directory)).toBe(`1 3 ${ids.join(' ')}`);
    // another process finds the same shards
    expect((await f.another().shards()).map((shard) => shard.saleId)).toEqual(ids);
  });

  it('sells on each buyer’s home shard, and confirms, cancels and reads through it', async () => {
    f = openSharded(backend, 3);
    await f.sale.preload({ stock: 30, perUserLimit: 2 });
    const shards = await f.sale.shards();
    for (const user of ['alice', 'bob', 'carol', 'dave']) {
      const id = reservedId(await f.sale.tryPurchase(user));
      const home = shards[homeShard(user, 3)];
      expect(id.startsWith(`${String(home?.saleId)}:`)).toBe(true);
      expect(await f.sale.reservation(id)).toMatchObject({ id, userId: user, state: 'held' });
      expect(await f.sale.userStatus(user)).toMatchObject({ userId: user, used: 1 });
    }
    const paid = reservedId(await f.sale.tryPurchase('alice'));
    expect(await f.sale.confirm(paid)).toMatchObject({ state: 'sold' });
    const dropped = reservedId(await f.sale.tryPurchase('bob'));
    expect(await f.sale.cancel(dropped)).toMatchObject({ state: 'released' });
    expect(await f.sale.stats()).toMatchObject({ held: 4, sold: 1, available: 25 });
    await expectConserved(f, 30, 2);
  });

  it('expires the overdue holds of every shard, each once', async () => {
    f = openSharded(backend, 3);
    await f.sale.preload({ stock: 9, holdMs: 100, maxExtendMs: 3_600_000 });
    const shards = await f.sale.shards();
    const held: Reservation[] = [];
    for (const shard of [0, 1, 2]) {
      const [buyer] = usersHomedOn(shard, 3, 1, homeShard);
      const result = await f.sale.tryPurchase(buyer ?? '');
      if (!result.ok) throw new Error(result.reason);
      held.push(result.reservation);
      const sale = shards[shard];
      if (sale) await pastDeadline(sale, result.reservation, 0);
    }
    const swept = await f.sale.expire();
    expect(swept.released.map((hold) => hold.id).sort()).toEqual(
      held.map((hold) => hold.id).sort(),
    );
    expect(swept.released.map((hold) => hold.state)).toEqual(['released', 'released', 'released']);
    expect(swept.more).toBe(false);
    expect(await f.sale.expire()).toEqual({ released: [], more: false });
    expect(await f.sale.stats()).toMatchObject({ held: 0, available: 9 });
    // an expired hold cannot be extended
    await expect(f.sale.extend(held[0]?.id ?? '', 1_000)).rejects.toSatisfy(
      isReservationReleasedError,
    );
    await expectConserved(f, 9, 1);
  });

  it('extends a hold on its shard, and refuses bad input by name, changing nothing', async () => {
    f = openSharded(backend, 3);
    await f.sale.preload({ stock: 9, holdMs: 3_600_000, maxExtendMs: 3_600_000 });
    const hold = (await f.sale.tryPurchase('alice')) as PurchaseResult & { ok: true };
    expect(hold.ok).toBe(true);
    const { id, deadlineMs } = hold.reservation;
    expect((await f.sale.extend(id, 60_000)).deadlineMs).toBe(deadlineMs + 60_000);
    await expect(f.sale.extend('nope', 1_000)).rejects.toSatisfy(isInvalidArgumentError);
    await expect(f.sale.extend(id, 0)).rejects.toSatisfy(isInvalidArgumentError);
    await expect(f.sale.expire({ maxBatchSize: 0 })).rejects.toSatisfy(isInvalidArgumentError);
    expect(await f.sale.expire()).toEqual({ released: [], more: false });
    expect(await f.sale.reservation(id)).toMatchObject({
      state: 'held',
      deadlineMs: deadlineMs + 60_000,
    });
    await expectConserved(f, 9, 1);
  });

  it('a home shard that runs dry takes units from the others; sold_out only once every shard is empty', async () => {
    f = openSharded(backend, 3, { rememberSoldOut: false, rebalanceUnits: 1 });
    await f.sale.preload({ stock: 3 });
    const users = usersHomedOn(1, 3, 4, homeShard);
    for (const user of users.slice(0, 3)) reservedId(await f.sale.tryPurchase(user));
    expect(await f.sale.tryPurchase(users[3] ?? '')).toEqual({
      ok: false,
      reason: 'sold_out',
      line: 0,
      item: 'default',
    });
    const stats = await f.sale.stats();
    expect(stats.shards.map((shard) => shard.held)).toEqual([0, 3, 0]);
    expect(stats).toMatchObject({
      available: 0,
      held: 3,
      inTransit: 0,
      restocked: 0,
      withdrawn: 0,
    });
    await expectConserved(f, 3, 1);
  });

  it.each([false, true])(
    'never answers sold_out while units are in transit: a short buyer finishes a transfer a process left open (sold-out memory %s)',
    async (rememberSoldOut) => {
      f = openSharded(backend, 3, { rememberSoldOut, rebalanceUnits: 1 });
      await f.sale.preload({ stock: 3 });
      const [one] = usersHomedOn(1, 3, 1, homeShard);
      const [two, late, last] = usersHomedOn(2, 3, 3, homeShard);
      reservedId(await f.sale.tryPurchase(one ?? ''));
      reservedId(await f.sale.tryPurchase(two ?? ''));
      // a process took shard 0's last unit for shard 1 and died before giving it
      const [s0, s1] = (await f.sale.shards()).map((shard) => saleContextOf(shard));
      if (!s0 || !s1) throw new Error('no shards');
      expect((await takeUnits(s0, 'left-open', 'default', 1, s1.saleId, 'test')).units).toBe(1);
      expect(await f.sale.stats()).toMatchObject({ available: 0, held: 2, inTransit: 1 });
      // every shard is empty, one unit is in transit: it is not sold out
      reservedId(await f.sale.tryPurchase(late ?? ''));
      expect(await f.sale.stats()).toMatchObject({ available: 0, held: 3, inTransit: 0 });
      expect(await f.client.hget(s0.keys.transfers, 'out:left-open')).toMatch(/^settled 1 /);
      expect(await f.sale.tryPurchase(last ?? '')).toMatchObject({ ok: false, reason: 'sold_out' });
      await expectConserved(f, 3, 1);
    },
  );

  it('a unit that comes back on any shard sells to a buyer homed elsewhere', async () => {
    f = openSharded(backend, 2, { rememberSoldOut: false });
    await f.sale.preload({ stock: 2 });
    const [a1, a2] = usersHomedOn(0, 2, 2, homeShard);
    const [b1] = usersHomedOn(1, 2, 1, homeShard);
    const held = reservedId(await f.sale.tryPurchase(a1 ?? ''));
    reservedId(await f.sale.tryPurchase(a2 ?? ''));
    expect(await f.sale.tryPurchase(b1 ?? '')).toMatchObject({ ok: false, reason: 'sold_out' });
    await f.sale.cancel(held);
    reservedId(await f.sale.tryPurchase(b1 ?? ''));
    await expectConserved(f, 2, 1);
  });

  it('with sold-out memory on, a sold-out sharded sale refuses from memory and still learns of returned units', async () => {
    f = openSharded(backend, 2, { soldOutRecheckMs: 60_000 });
    await f.sale.preload({ stock: 2 });
    const [a1, a2] = usersHomedOn(0, 2, 2, homeShard);
    const [b1] = usersHomedOn(1, 2, 1, homeShard);
    const held = reservedId(await f.sale.tryPurchase(a1 ?? ''));
    reservedId(await f.sale.tryPurchase(a2 ?? ''));
    expect(await f.sale.tryPurchase(b1 ?? '')).toMatchObject({ ok: false, reason: 'sold_out' });
    await f.another().cancel(held); // another process: only the reopened message tells this one
    await untilReserved(f.sale, b1 ?? '');
    await expectConserved(f, 2, 1);
  });

  it('restocks on one shard: adds to the one with the fewest, withdraws from the one with the most', async () => {
    f = openSharded(backend, 3, { rememberSoldOut: false });
    await expect(f.sale.restock(1)).rejects.toSatisfy(isSaleNotLoadedError);
    await f.sale.preload({ stock: 10, perUserLimit: 2 });
    const [buyer] = usersHomedOn(2, 3, 1, homeShard);
    reservedId(await f.sale.tryPurchase(buyer ?? ''));
    const available = async (): Promise<number[]> =>
      (await f.sale.stats()).shards.map((shard) => shard.available);
    expect(await available()).toEqual([4, 3, 2]);
    expect(await f.sale.restock(5)).toBe(14);
    expect(await available()).toEqual([4, 3, 7]);
    expect(await f.sale.restock(-6)).toBe(8);
    expect(await available()).toEqual([4, 3, 1]);
    // more than the best shard has is refused, though the shards together have it
    await expect(f.sale.restock(-5)).rejects.toSatisfy(
      (error: unknown) => isStockConflictError(error) && error.limit === 4,
    );
    await expect(f.sale.restock(1, { item: 'nope' })).rejects.toSatisfy(isUnknownItemError);
    for (const [delta, options, argument] of [
      [0, undefined, 'delta'],
      [1.5, undefined, 'delta'],
      [Number.NaN, undefined, 'delta'],
      [1, { item: 5 }, 'item'],
      [1, { item: 'default', extra: 1 }, 'extra'],
    ] as const) {
      await expect(f.sale.restock(delta, options as never)).rejects.toSatisfy(
        (error: unknown) => isInvalidArgumentError(error) && error.argument === argument,
      );
    }
    expect(await available()).toEqual([4, 3, 1]);
    await expectConserved(f, 9, 2);
  });

  it('sums each item over the shards, with its units in transit; a move between shards is no restock', async () => {
    f = openSharded(backend, 3, { rememberSoldOut: false });
    await expect(f.sale.itemStats(['phone'])).rejects.toSatisfy(isSaleNotLoadedError);
    await f.sale.preload({
      items: [
        { id: 'phone', stock: 6, perUserLimit: 2 },
        { id: 'case', stock: 3 },
      ],
      perUserLimit: 2,
    });
    const [s0, s1, s2] = (await f.sale.shards()).map((shard) => saleContextOf(shard));
    if (!s0 || !s1 || !s2) throw new Error('no shards');
    expect((await moveUnits(s0, s1, 'phone', 2)).units).toBe(2); // a move that arrived
    expect((await takeUnits(s2, 'left-open', 'case', 1, s0.saleId, 'test')).units).toBe(1);
    expect(await f.sale.restock(2, { item: 'phone' })).toBe(8);
    const [buyer] = usersHomedOn(1, 3, 1, homeShard);
    const held = await f.sale.tryPurchase(buyer ?? '', { item: 'case' });
    expect(held.ok).toBe(true);
    const page = await f.sale.itemStats(['phone', 'case', 'none']);
    expect(page.items).toEqual([
      {
        item: 'phone',
        loaded: 6,
        restocked: 2,
        withdrawn: 0,
        available: 8,
        held: 0,
        sold: 0,
        perUserLimit: 2,
        inTransit: 0,
      },
      {
        item: 'case',
        loaded: 3,
        restocked: 0,
        withdrawn: 0,
        available: 1,
        held: 1,
        sold: 0,
        perUserLimit: 1,
        inTransit: 1,
      },
      null,
    ]);
    expect(page.nowMs).toBeGreaterThan(0);
    for (const [items, argument] of [
      [[], 'items'],
      ['phone', 'items'],
      [[5], 'items[0]'],
    ] as const) {
      await expect(f.sale.itemStats(items as never)).rejects.toSatisfy(
        (error: unknown) => isInvalidArgumentError(error) && error.argument === argument,
      );
    }
    // the item numbers add up to the sale's
    const stats = await f.sale.stats();
    expect(stats).toMatchObject({ loaded: 9, restocked: 2, available: 9, held: 1, inTransit: 1 });
    await expectConserved(f, 11, 2);
  });

  it('with sold-out memory on, a restock in this process reopens the sale at once', async () => {
    f = openSharded(backend, 2, { soldOutRecheckMs: 60_000 });
    await f.sale.preload({ stock: 2 });
    const [a1, a2] = usersHomedOn(0, 2, 2, homeShard);
    const [b1, b2] = usersHomedOn(1, 2, 2, homeShard);
    reservedId(await f.sale.tryPurchase(a1 ?? ''));
    reservedId(await f.sale.tryPurchase(b1 ?? ''));
    expect(await f.sale.tryPurchase(a2 ?? '')).toMatchObject({ ok: false, reason: 'sold_out' });
    expect(await f.sale.tryPurchase(b2 ?? '')).toMatchObject({ ok: false, reason: 'sold_out' });
    expect(await f.sale.restock(2)).toBe(2);
    reservedId(await f.sale.tryPurchase(a2 ?? ''));
    reservedId(await f.sale.tryPurchase(b2 ?? ''));
    await expectConserved(f, 4, 1);
  });

  it('refuses bad options and a changed shard count by name, writing nothing', async () => {
    f = openSharded(backend, 3);
    for (const shardCount of [0, 65, 1.5, Number.NaN, '3', null]) {
      expect(() => f.another({ shardCount: shardCount as number })).toThrow(
        expect.objectContaining({ name: 'InvalidArgumentError', argument: 'shardCount' }) as Error,
      );
    }
    for (const rebalanceUnits of [0, -1, 2.5, null] as unknown[]) {
      expect(() => f.another({ rebalanceUnits: rebalanceUnits as number })).toThrow(
        expect.objectContaining({ argument: 'rebalanceUnits' }) as Error,
      );
    }
    expect(() => f.another({ saleId: 'x'.repeat(60) })).toThrow(
      expect.objectContaining({ argument: 'saleId' }) as Error,
    );
    expect(() => f.another({ maxBatchSize: 0 })).toThrow(
      expect.objectContaining({ argument: 'maxBatchSize' }) as Error,
    );
    await expect(f.sale.tryPurchase('u')).rejects.toSatisfy(isSaleNotLoadedError);
    await expect(f.sale.preload({ stock: 3, force: true })).rejects.toSatisfy(
      isInvalidArgumentError,
    );
    await expect(f.sale.preload({ stock: -1 })).rejects.toSatisfy(isInvalidArgumentError);
    expect(await f.client.exists(f.directory)).toBe(0);
    await f.sale.preload({ stock: 3 });
    await expect(f.another({ shardCount: 2 }).preload({ stock: 3 })).rejects.toSatisfy(
      isSaleConflictError,
    );
    await expect(f.another({ shardCount: 2 }).tryPurchase('u')).rejects.toSatisfy(
      isSaleConflictError,
    );
    await expect(f.sale.confirm('nope:AAAAAAAAAAAAAAAA')).rejects.toSatisfy(isInvalidArgumentError);
    expect(await f.sale.stats()).toMatchObject({ available: 3, held: 0 });
  });

  it('keeps every invariant under a crowd spread over the shards, with a rebalancer racing it', async () => {
    const stock = 60;
    f = openSharded(backend, 3, { rebalanceUnits: 2 });
    await f.sale.preload({ stock, perUserLimit: 2 });
    const contexts = (await f.sale.shards()).map((shard) => saleContextOf(shard));
    const processes = [f.sale, f.another(), f.another({ rebalanceUnits: 5 })];
    const users = Array.from({ length: 50 }, (_, index) => `buyer-${String(index)}`);
    const crowd = { done: false };
    let moved = 0;
    const rebalancer = (async () => {
      // moves units round the shards, and finishes open transfers, until the crowd is done
      for (let turn = 0; !crowd.done; turn++) {
        const from = contexts[turn % 3];
        const to = contexts[(turn + 1) % 3];
        if (from && to) moved += (await moveUnits(from, to, 'default', 1)).units;
        if (turn % 5 === 0) await processes[turn % 3]?.finishTransfers();
        await sleep(1); // a rebalancer runs on a timer (and the mock answers without I/O)
      }
    })();
    const results = await Promise.all(
      users.flatMap((user, index) =>
        [0, 1, 2].map((attempt) => (processes[(index + attempt) % 3] ?? f.sale).tryPurchase(user)),
      ),
    );
    crowd.done = true;
    await rebalancer;
    // sold_out is answered only once no shard has a unit and none is in transit;
    // no unit comes back here, so the crowd alone buys every one, with no second try
    const reserved = results.filter((result) => result.ok).length;
    expect(results.filter((result) => !result.ok).map((result) => result.reason)).toContain(
      'sold_out',
    );
    // 50 buyers × 2 allowed = 100 wanted > 60: every unit sells, exactly once
    await f.sale.finishTransfers();
    expect(reserved).toBe(stock);
    const stats = await f.sale.stats();
    expect(stats).toMatchObject({ held: stock, available: 0, inTransit: 0 });
    expect(moved).toBeGreaterThan(0);
    await expectConserved(f, stock, 2);
    // each buyer holds units on the home shard only
    const keys = await f.shardKeys();
    for (const [index, shardKeys] of keys.entries()) {
      const recount = await expectInvariants(f.client, shardKeys, 2);
      for (const user of recount.perUser.keys()) expect(homeShard(user, 3)).toBe(index);
    }
  });
});

describe('a sharded sale on a 3-master cluster', () => {
  it('puts 3 shards on 3 different masters', async () => {
    const f = openSharded('cluster', 3);
    try {
      await f.sale.preload({ stock: 3 });
      const cluster = f.client as Cluster;
      const owners = new Set<string>();
      const masters = cluster.nodes('master');
      for (const keys of await f.shardKeys()) {
        const slot = Number(await masters[0]?.cluster('KEYSLOT', keys.meta));
        for (const node of masters) {
          // a master counts keys only in the slots it serves
          if ((await node.cluster('COUNTKEYSINSLOT', slot)) > 0) {
            owners.add(`${String(node.options.host)}:${String(node.options.port)}`);
          }
        }
      }
      expect(owners.size).toBe(3);
    } finally {
      await f.close();
    }
  });
});
