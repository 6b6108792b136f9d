/**
 * A sale whose keys expire while the pool serves it: reported once (with its id),
 * nothing brought back, and the pool's other sales go on. Counted, not timed: the
 * test watches the pool look for the gone sale's stream again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSaleNotLoadedError, OutboxWorkerPool } from '../../../src/index.js';
import { clientFor, type AnyClient } from '../../harness/clients.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { until } from '../worker/pipeline-fixture.js';
import { openShop, ShopSink, type Shop } from './shop.js';

describe.each(['redis', 'cluster'] as const)('a pool whose sale is gone, on %s', (backend) => {
  let client: AnyClient;
  let shop: Shop;
  let pool: OutboxWorkerPool | undefined;
  afterEach(async () => {
    await pool?.stop();
    vi.restoreAllMocks();
    await shop.close();
    client.disconnect();
  });

  it('reports it once with the sale id and keeps serving the others', async () => {
    client = clientFor(backend);
    shop = await openShop(client, 2, 2);
    const [gone, kept] = shop.sales;
    if (gone === undefined || kept === undefined) throw new Error('two sales');
    const sink = new ShopSink((events) =>
      events[0]?.saleId === gone.sale.saleId ? new Error('down') : undefined,
    );
    const reports: { error: unknown; saleId: string }[] = [];
    pool = new OutboxWorkerPool({
      sink,
      sales: [gone.sale, kept.sale],
      maxAttempts: 1_000,
      minPollIntervalMs: 5,
      maxPollIntervalMs: 20,
      retryDelayMs: 5,
      maxRetryDelayMs: 10,
      trimIntervalMs: 10,
      onError: (error, _stage, saleId) => reports.push({ error, saleId }),
    });
    pool.start();
    await until('kept is delivered and gone refused', () => {
      return pool?.saleStats(kept.sale.saleId)?.written === 4 && sink.calls >= 3;
    });
    const lookups = vi.spyOn(client, 'xgroup');
    await client.del(
      ...gone.keys.all,
      gone.outbox.attempts,
      gone.outbox.delivered,
      gone.outbox.dead,
    );
    await until('the pool reports the sale gone', () =>
      reports.some((report) => isSaleNotLoadedError(report.error)),
    );
    const lookupsOfGone = (): number =>
      lookups.mock.calls.filter((call) => String(call[1]) === gone.keys.events).length;
    await until('the pool looked for the stream five times', () => lookupsOfGone() >= 5);
    const r = await mustReserve(kept.sale, 'later');
    await until('kept goes on', () => sink.events.some((e) => e.id === `${r.id}/reserved`));

    const goneReports = reports.filter((report) => isSaleNotLoadedError(report.error));
    expect(goneReports.map((report) => report.saleId)).toEqual([gone.sale.saleId]);
    expect(reports.every((report) => report.saleId === gone.sale.saleId)).toBe(true);
    const keys = [gone.outbox.attempts, gone.outbox.delivered, gone.outbox.dead, ...gone.keys.all];
    expect(await Promise.all(keys.map(async (key) => client.exists(key)))).toEqual(
      keys.map(() => 0),
    );
  });
});
