/**
 * The outbox scripts' tests start from the same state: r1, r2, r3 reserved and r1
 * confirmed, all four events read by consumer `me` of group `orders`.
 */
import { decodeEntries, type EventEntry } from '../../../src/orders/outbox/decode-entry.js';
import { OutboxGroup } from '../../../src/orders/outbox/outbox-group.js';
import { saleContextOf } from '../../../src/sale/sale-reference.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import type { PipelineFixture } from '../worker/pipeline-fixture.js';

/** The four entries, oldest first. */
export type Four = [EventEntry, EventEntry, EventEntry, EventEntry];

/** Makes the four events and reads them as `me`; the group object acts as `me`. */
export async function fourEventsRead(
  f: PipelineFixture,
): Promise<{ group: OutboxGroup; e: Four; all: EventEntry[] }> {
  // a sale with an end, so its keys (and the pipeline's) have a lifetime to follow
  await f.sale.preload({ stock: 5, endMs: Date.now() + 86_400_000 });
  const r1 = await mustReserve(f.sale, 'a');
  await mustReserve(f.sale, 'b');
  await mustReserve(f.sale, 'c');
  await f.sale.confirm(r1.id);
  await f.client.xgroup('CREATE', f.keys.events, 'orders', '0');
  await f.client.xreadgroup('GROUP', 'orders', 'me', 'STREAMS', f.keys.events, '>');
  const all = decodeEntries(await f.client.xrange(f.keys.events, '-', '+')) as EventEntry[];
  const [e0, e1, e2, e3] = all;
  if (!e0 || !e1 || !e2 || !e3) throw new Error(`expected four events, got ${String(all.length)}`);
  return {
    group: new OutboxGroup(saleContextOf(f.sale), 'orders', 'me'),
    e: [e0, e1, e2, e3],
    all,
  };
}
