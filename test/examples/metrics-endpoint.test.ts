/**
 * The Express (and Koa) example's `/metrics`, fed from the diagnostics channels: after a
 * crowd of buyers, replays, repeat buyers, payments, cancellations and a worker
 * delivering the orders, every count Prometheus scrapes equals what the buyers
 * were answered and the sale's and the worker's own numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxWorker, type SaleStats } from '../../src/index.js';
import { createExpressApp } from '../../examples/express/app.js';
import { createKoaApp } from '../../examples/koa/app.js';
import { MemorySink } from '../../examples/http/memory-sink.js';
import { PrometheusMetrics } from '../../examples/http/prometheus-metrics.js';
import { until } from '../orders/worker/pipeline-fixture.js';
import { request, type Answer } from './http-client.js';
import { startExampleServer, type ExampleApp, type ExampleServer } from './http-example-server.js';
import { parseSamples, sampleSum, type Sample } from './prometheus-text.js';

const STOCK = 25;
const BUYERS = 120;

async function scrape(server: ExampleServer): Promise<Sample[]> {
  const response = await fetch(`${server.base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseSamples(await response.text());
}

/** How many answers have this status and (for refusals) reason, or replay flag. */
function count(answers: readonly Answer[], status: number, what?: string | boolean): number {
  return answers.filter((answer) => {
    if (answer.status !== status) return false;
    const body = answer.body as { reason?: string; replayed?: boolean };
    return what === undefined || body.reason === what || body.replayed === what;
  }).length;
}

const APPS: [string, ExampleApp][] = [
  ['Express', (sales, options) => createExpressApp(sales, options)],
  ['Koa', (sales, options) => createKoaApp(sales, options).callback()],
];

describe.each(APPS)('the %s example /metrics', (_name, createApp) => {
  let server: ExampleServer;
  let metrics: PrometheusMetrics;
  beforeAll(async () => {
    metrics = new PrometheusMetrics();
    server = await startExampleServer(createApp, { metrics });
  });
  afterAll(async () => {
    metrics.close();
    await server.close();
  });

  it("counts a crowd's purchases, payments, cancellations and deliveries exactly as the sale and the worker do", async () => {
    const s = await server.addSale({ stock: STOCK, perUserLimit: 1, holdMs: 600_000 });
    const post = (path: string, user: string, key?: string): Promise<Answer> =>
      request(server.base, 'POST', `/sales/${s}${path}`, {
        user,
        ...(key === undefined ? {} : { key }),
      });

    // the crowd, all at once: each buyer with a request id of their own
    const crowd = await Promise.all(
      Array.from({ length: BUYERS }, (_, n) =>
        post('/purchase', `b${String(n)}`, `first-${String(n)}`),
      ),
    );
    const winners = crowd.flatMap((answer, n) =>
      answer.status === 200
        ? [
            {
              user: `b${String(n)}`,
              n,
              id: (answer.body as { reservation: { id: string } }).reservation.id,
            },
          ]
        : [],
    );
    expect(winners).toHaveLength(STOCK);
    // the winners' retries (same request id: replayed) and second tries (limit reached),
    // and ten losers trying again (sold out)
    const retries = await Promise.all(
      winners
        .slice(0, 10)
        .flatMap(({ user, n }) => [
          post('/purchase', user, `first-${String(n)}`),
          post('/purchase', user, `second-${String(n)}`),
        ]),
    );
    const losers = crowd.flatMap((answer, n) => (answer.status === 200 ? [] : [n])).slice(0, 10);
    const again = await Promise.all(
      losers.map((n) => post('/purchase', `b${String(n)}`, `again-${String(n)}`)),
    );
    const answers = [...crowd, ...retries, ...again];

    // seven pay, four give up, one pays twice
    for (const { user, id } of winners.slice(0, 7)) {
      expect((await post(`/reservations/${encodeURIComponent(id)}/confirm`, user)).status).toBe(
        200,
      );
    }
    const [twice] = winners;
    expect(
      (
        await post(
          `/reservations/${encodeURIComponent(twice?.id ?? '')}/confirm`,
          twice?.user ?? '',
        )
      ).status,
    ).toBe(200);
    for (const { user, id } of winners.slice(7, 11)) {
      expect((await post(`/reservations/${encodeURIComponent(id)}/cancel`, user)).status).toBe(200);
    }

    // the orders: one worker delivers every event of the sale (25 reserved, 7 confirmed, 4 cancelled)
    const worker = new OutboxWorker({
      sale: server.saleOf(s),
      sink: new MemorySink(),
      blockMs: 50,
    });
    worker.start();
    try {
      await until(
        'the worker delivered every event',
        () => worker.stats().written === STOCK + 7 + 4,
      );
    } finally {
      await worker.stop();
    }

    const samples = await scrape(server);
    const stats = (await request(server.base, 'GET', `/sales/${s}/stats`)).body as SaleStats;
    const sale = { sale: s };
    const purchases = (labels: Record<string, string>): number =>
      sampleSum(samples, 'flash_sale_purchases_total', { ...sale, ...labels });

    // every purchase as the buyers were answered
    expect(purchases({ outcome: 'reserved' })).toBe(count(answers, 200, false));
    expect(purchases({ outcome: 'replayed' })).toBe(count(answers, 200, true));
    expect(purchases({ outcome: 'rejected', reason: 'sold_out' })).toBe(
      count(answers, 409, 'sold_out'),
    );
    expect(purchases({ outcome: 'rejected', reason: 'limit_reached' })).toBe(
      count(answers, 409, 'limit_reached'),
    );
    expect(purchases({})).toBe(answers.length);
    expect([purchases({ outcome: 'reserved' }), purchases({ outcome: 'replayed' })]).toEqual([
      STOCK,
      10,
    ]);
    expect(purchases({ outcome: 'error' })).toBe(0);
    // and as the sale counts them: units reserved are held, sold or were cancelled
    const cancelled = sampleSum(samples, 'flash_sale_transitions_total', {
      ...sale,
      operation: 'cancel',
      outcome: 'changed',
    });
    expect(cancelled).toBe(4);
    expect(
      sampleSum(samples, 'flash_sale_purchase_units_total', {
        ...sale,
        outcome: 'reserved',
        item: 'default',
      }),
    ).toBe(stats.held + stats.sold + cancelled);
    expect(
      sampleSum(samples, 'flash_sale_transitions_total', {
        ...sale,
        operation: 'confirm',
        outcome: 'changed',
        state: 'sold',
      }),
    ).toBe(stats.sold);
    expect(
      sampleSum(samples, 'flash_sale_transitions_total', {
        ...sale,
        operation: 'confirm',
        outcome: 'unchanged',
      }),
    ).toBe(1);
    expect([stats.sold, stats.held, stats.available]).toEqual([7, STOCK - 7 - 4, 4]);
    // one latency per purchase, and the script calls' batch sizes add up to the purchases
    expect(sampleSum(samples, 'flash_sale_purchase_duration_seconds_count', sale)).toBe(
      answers.length,
    );
    expect(sampleSum(samples, 'flash_sale_purchase_batch_size_sum', sale)).toBe(answers.length);
    // the worker's deliveries, and its gauges gone once it stopped
    expect(sampleSum(samples, 'flash_sale_outbox_delivered_total', sale)).toBe(
      worker.stats().written,
    );
    expect(sampleSum(samples, 'flash_sale_outbox_failed_writes_total', sale)).toBe(0);
    expect(samples.filter((sample) => sample.name === 'flash_sale_outbox_lag_seconds')).toEqual([]);
  });
});
