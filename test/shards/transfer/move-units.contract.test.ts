import { afterEach, describe, expect, it } from 'vitest';
import { isSaleNotLoadedError, isUnknownItemError, type SaleStats } from '../../../src/index.js';
import { moveUnits } from '../../../src/shards/transfer/move-units.js';
import { deliverUnits, takeUnits } from '../../../src/shards/transfer/transfer-steps.js';
import {
  finishOpenTransfers,
  finishTransfersById,
} from '../../../src/shards/transfer/finish-open-transfers.js';
import { readTransitCounters } from '../../../src/shards/transfer/transit-counters.js';
import { unitsInTransit } from '../../../src/shards/transfer/units-in-transit.js';
import { runSaleScript } from '../../../src/sale/sale-context.js';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import { BACKENDS } from '../../harness/clients.js';
import { expectInvariants } from '../../sale/invariants.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { untilRememberedSoldOut, untilReserved } from '../../sale/sold-out/sold-out-helpers.js';
import { allOutgoing, openShards, type ShardsFixture } from './shard-fixture.js';

/** available + held + sold over the shards, plus the units in transit: the item's whole stock. */
async function wholeStock(f: ShardsFixture): Promise<number> {
  let total = 0;
  for (const shard of f.shards) {
    const stats: SaleStats = await shard.sale.stats();
    total += stats.available + stats.held + stats.sold;
  }
  return total + ((await unitsInTransit(f.byId)).get('default') ?? 0);
}

describe.each(BACKENDS)('moving units between shards on %s', (backend) => {
  let f: ShardsFixture;
  afterEach(async () => {
    await f.close();
  });

  it('moves available units, booked as withdrawn at the source and restocked at the destination', async () => {
    f = openShards(backend, 2);
    const [a, b] = [f.shard(0), f.shard(1)];
    await a.sale.preload({ stock: 5 });
    await b.sale.preload({ stock: 1 });
    await mustReserve(b.sale, 'u1');
    expect((await moveUnits(f.context(0), f.context(1), 'default', 3)).units).toBe(3);
    expect(await a.sale.stats()).toMatchObject({ available: 2, withdrawn: 3, restocked: 0 });
    expect(await b.sale.stats()).toMatchObject({ available: 3, held: 1, restocked: 3 });
    expect(await f.client.hget(a.keys.transfers, 'sent:default')).toBe('3');
    expect(await f.client.hget(b.keys.transfers, 'received:default')).toBe('3');
    const [record] = await allOutgoing(f.context(0));
    expect(record).toMatchObject({ state: 'settled', units: 3, destination: 'shard-1' });
    expect(await unitsInTransit(f.byId)).toEqual(new Map());
    expect(await wholeStock(f)).toBe(6);
    await expectInvariants(f.client, a.keys, 1);
    await expectInvariants(f.client, b.keys, 1);
    await mustReserve(b.sale, 'u2'); // the moved units sell on the destination
  });

  it('takes only available units (never held ones), and records nothing when there are none', async () => {
    f = openShards(backend, 2);
    const [a, b] = [f.shard(0), f.shard(1)];
    await a.sale.preload({ stock: 2 });
    await b.sale.preload({ stock: 0 });
    await mustReserve(a.sale, 'u1');
    expect((await moveUnits(f.context(0), f.context(1), 'default', 5)).units).toBe(1);
    expect((await moveUnits(f.context(0), f.context(1), 'default', 5)).units).toBe(0);
    expect(await allOutgoing(f.context(0))).toHaveLength(1);
    expect(await a.sale.stats()).toMatchObject({ available: 0, held: 1, withdrawn: 1 });
    expect(await b.sale.stats()).toMatchObject({ available: 1, restocked: 1 });
    expect(await wholeStock(f)).toBe(2);
  });

  it('a step run twice (a re-sent call) takes and gives nothing twice, even after the transfer settled', async () => {
    f = openShards(backend, 2);
    const [source, destination] = [f.context(0), f.context(1)];
    await f.shard(0).sale.preload({ stock: 10 });
    await f.shard(1).sale.preload({ stock: 0 });
    expect((await takeUnits(source, 'T1', 'default', 4, 'shard-1', 'test')).units).toBe(4);
    expect((await takeUnits(source, 'T1', 'default', 4, 'shard-1', 'test')).units).toBe(4);
    expect(await f.shard(0).sale.stats()).toMatchObject({ available: 6, withdrawn: 4 });
    await deliverUnits(source, destination, { id: 'T1', item: 'default', units: 4 }, 'test');
    await deliverUnits(source, destination, { id: 'T1', item: 'default', units: 4 }, 'test');
    expect(await f.shard(1).sale.stats()).toMatchObject({ available: 4, restocked: 4 });
    // a copy of the first step arriving after the transfer settled
    expect((await takeUnits(source, 'T1', 'default', 4, 'shard-1', 'test')).units).toBe(4);
    expect(await f.shard(0).sale.stats()).toMatchObject({ available: 6, withdrawn: 4 });
    expect(await finishOpenTransfers(source, f.byId)).toBe(0);
    expect(await wholeStock(f)).toBe(10);
  });

  it('counts an interrupted transfer as in transit until any process finishes it, once', async () => {
    f = openShards(backend, 3);
    const [s0, s1, s2] = [f.context(0), f.context(1), f.context(2)];
    await f.shard(0).sale.preload({ stock: 9 });
    await f.shard(1).sale.preload({ stock: 0 });
    await f.shard(2).sale.preload({ stock: 0 });
    // a process took units and died before giving them: two transfers left open
    await takeUnits(s0, 'T1', 'default', 2, 'shard-1', 'test');
    await takeUnits(s0, 'T2', 'default', 3, 'shard-2', 'test');
    // and one that gave them and died before settling: arrived, so not in transit
    await takeUnits(s0, 'T3', 'default', 1, 'shard-1', 'test');
    await runSaleScript(
      s1,
      SALE_SCRIPTS.transferIn,
      'test',
      ['T3', 'default', 1, 'shard-0'],
      [s1.keys.transfers],
    );
    expect(await unitsInTransit(f.byId)).toEqual(new Map([['default', 5]]));
    expect(await wholeStock(f)).toBe(9);
    // several processes finish them at once
    await Promise.all([
      finishOpenTransfers(s0, f.byId),
      finishOpenTransfers(s0, f.byId),
      finishOpenTransfers(s0, f.byId),
    ]);
    expect(await unitsInTransit(f.byId)).toEqual(new Map());
    expect((await allOutgoing(s0)).map((transfer) => transfer.state)).toEqual([
      'settled',
      'settled',
      'settled',
    ]);
    expect(await f.shard(1).sale.stats()).toMatchObject({ available: 3, restocked: 3 });
    expect(await f.shard(2).sale.stats()).toMatchObject({ available: 3, restocked: 3 });
    expect(await wholeStock(f)).toBe(9);
    expect(await finishOpenTransfers(s2, f.byId)).toBe(0);
  });

  it('names each transfer open until it settles, per item, and finishes exactly the ones it names', async () => {
    f = openShards(backend, 2);
    const s0 = f.context(0);
    await f.shard(0).sale.preload({ stock: 9 });
    await f.shard(1).sale.preload({ stock: 0 });
    await takeUnits(s0, 'T1', 'default', 2, 'shard-1', 'test');
    await takeUnits(s0, 'T2', 'default', 3, 'shard-1', 'test');
    await takeUnits(s0, 'T3', 'default', 1, 'shard-1', 'test');
    await takeUnits(s0, 'T3', 'default', 1, 'shard-1', 'test'); // a re-sent take names it once
    expect(await readTransitCounters(f.contexts, 'default', 'test')).toEqual([
      { open: ['T1', 'T2', 'T3'], received: 0 },
      { open: [], received: 0 },
    ]);
    // and over every item, as stats and finishTransfers read them
    expect(await f.client.hget(s0.keys.transfers, 'open')).toBe('T1 T2 T3');
    // finishing by id delivers only those named, each once however often it runs
    expect(await finishTransfersById(s0, ['T2'], f.byId, 'test')).toBe(1);
    await finishTransfersById(s0, ['T2'], f.byId, 'test');
    expect(await readTransitCounters(f.contexts, 'default', 'test')).toEqual([
      { open: ['T1', 'T3'], received: 0 },
      { open: [], received: 3 },
    ]);
    expect(await f.client.hget(s0.keys.transfers, 'open')).toBe('T1 T3');
    // an id with no record (or one settled since) delivers nothing
    expect(await finishTransfersById(s0, ['T2', 'nope'], f.byId, 'test')).toBe(0);
    expect(await finishTransfersById(s0, ['T3', 'T1'], f.byId, 'test')).toBe(2);
    expect(await readTransitCounters(f.contexts, 'default', 'test')).toEqual([
      { open: [], received: 0 },
      { open: [], received: 6 },
    ]);
    expect(await f.client.hexists(s0.keys.transfers, 'open:default')).toBe(0);
    expect(await f.client.hexists(s0.keys.transfers, 'open')).toBe(0);
    expect(await f.shard(1).sale.stats()).toMatchObject({ available: 6, restocked: 6 });
    expect(await wholeStock(f)).toBe(9);
  });

  it('a destination remembered as sold out sells again once units arrive (its reopened channel)', async () => {
    // no periodic recheck within the test: only the reopened message can explain the sale
    f = openShards(backend, 2, { soldOutRecheckMs: 60_000 });
    await f.shard(0).sale.preload({ stock: 3 });
    await f.shard(1).sale.preload({ stock: 1 });
    await mustReserve(f.shard(1).sale, 'a');
    await untilRememberedSoldOut(f.shard(1).sale, 'b');
    expect((await moveUnits(f.context(0), f.context(1), 'default', 2)).units).toBe(2);
    await untilReserved(f.shard(1).sale, 'b');
    expect(await f.shard(1).sale.stats()).toMatchObject({ available: 1, held: 2 });
    expect(await wholeStock(f)).toBe(4);
  });

  it('refuses bad steps with typed errors, losing no unit', async () => {
    f = openShards(backend, 2);
    const [source, destination] = [f.context(0), f.context(1)];
    await expect(moveUnits(source, destination, 'default', 1)).rejects.toSatisfy(
      isSaleNotLoadedError,
    );
    await f.shard(0).sale.preload({ stock: 4 });
    await expect(moveUnits(source, destination, 'nope', 1)).rejects.toSatisfy(isUnknownItemError);
    expect(await allOutgoing(source)).toEqual([]);
    // the destination is not loaded: the units stay in transit, counted, until it is
    await expect(moveUnits(source, destination, 'default', 3)).rejects.toSatisfy(
      isSaleNotLoadedError,
    );
    expect(await unitsInTransit(f.byId)).toEqual(new Map([['default', 3]]));
    await f.shard(1).sale.preload({ stock: 0 });
    expect(await finishOpenTransfers(source, f.byId)).toBe(1);
    expect(await f.shard(1).sale.stats()).toMatchObject({ available: 3 });
    expect(await wholeStock(f)).toBe(4);
  });
});
