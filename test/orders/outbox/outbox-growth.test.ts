/**
 * What the outbox costs when no worker runs (docs/order-pipeline.md, "Memory"): it
 * keeps every event, since each is an order or a change of one that no sink has
 * seen, so it grows by one entry per transition; a sale preloaded with
 * `outbox: false` writes no stream at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxGroup } from '../../../src/orders/outbox/outbox-group.js';
import { saleContextOf } from '../../../src/sale/sale-reference.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { openPipeline, type PipelineFixture } from '../worker/pipeline-fixture.js';

const CYCLES = 50;

describe.each(['redis', 'cluster'] as const)('outbox growth on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  /** One buyer reserving and cancelling in a loop: two transitions per cycle. */
  const reserveAndCancel = async () => {
    for (let i = 0; i < CYCLES; i++) await f.sale.cancel((await mustReserve(f.sale, 'a')).id);
  };

  it('with no worker keeps every event; a trim drops none a group has not delivered', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 1 });
    await reserveAndCancel();
    expect(await f.client.xlen(f.keys.events)).toBe(2 * CYCLES);
    // a worker that has created its group but read nothing yet
    await f.client.xgroup('CREATE', f.keys.events, 'orders', '0');
    expect(await new OutboxGroup(saleContextOf(f.sale), 'orders', 'me').trim(0)).toBe(0);
    expect(await f.client.xlen(f.keys.events)).toBe(2 * CYCLES);
  });

  it('with the outbox off writes no stream at all', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 1, outbox: false });
    await reserveAndCancel();
    expect(await f.client.exists(f.keys.events)).toBe(0);
    expect(await f.sale.stats()).toMatchObject({ available: 1, held: 0, sold: 0 });
  });
});
