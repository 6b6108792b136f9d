/**
 * A sale whose keys expire while a worker still holds its entries (a sink that
 * keeps failing): the worker must not bring any key back, nor report the same
 * failure forever. It reports one SaleNotLoadedError, forgets what it held and
 * waits quietly (still looking for the sale to be loaded again). Counted, not
 * timed: the test watches the worker's attempts to find the stream again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSaleNotLoadedError, OutboxWorker } from '../../../src/index.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { openPipeline, RecordingSink, until, type PipelineFixture } from './pipeline-fixture.js';

const SINK_DOWN = 'sink down';

describe.each(['redis', 'cluster'] as const)('a worker whose sale is gone, on %s', (backend) => {
  let f: PipelineFixture;
  let worker: OutboxWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    vi.restoreAllMocks();
    await f.close();
  });

  it('reports it once, writes nothing, and stops retrying', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5 });
    await mustReserve(f.sale, 'a');
    await mustReserve(f.sale, 'b');
    const sink = new RecordingSink(() => new Error(SINK_DOWN));
    const afterGone: unknown[] = [];
    let gone = false;
    worker = new OutboxWorker({
      sale: f.sale,
      sink,
      maxAttempts: 1_000,
      blockMs: 20,
      retryDelayMs: 5,
      maxRetryDelayMs: 10,
      trimIntervalMs: 10,
      onError: (error) => {
        if (gone) afterGone.push(error);
      },
    });
    worker.start();
    await until('the sink has refused twice', () => sink.calls >= 2);

    const lookups = vi.spyOn(f.client, 'xgroup');
    gone = true;
    // the sale's keys expire, and the pipeline's with them (the same instant)
    await f.client.del(...f.keys.all, f.outbox.attempts, f.outbox.delivered, f.outbox.dead);
    const otherErrors = () =>
      afterGone.filter((e) => !isSaleNotLoadedError(e) && !String(e).includes(SINK_DOWN));
    await until(
      'the worker reports the sale gone (or keeps failing)',
      () => afterGone.some(isSaleNotLoadedError) || otherErrors().length >= 10,
    );
    const lookupsAtReport = lookups.mock.calls.length;
    const callsAtReport = sink.calls;
    await until(
      'the worker has looked for the stream five more times',
      () => lookups.mock.calls.length >= lookupsAtReport + 5,
    );

    expect(otherErrors()).toEqual([]);
    expect(afterGone.filter(isSaleNotLoadedError)).toHaveLength(1);
    expect(sink.calls).toBe(callsAtReport); // nothing more to write
    const keys = [f.outbox.attempts, f.outbox.delivered, f.outbox.dead, ...f.keys.all];
    expect(await Promise.all(keys.map(async (key) => f.client.exists(key)))).toEqual(
      keys.map(() => 0),
    );
  });
});
