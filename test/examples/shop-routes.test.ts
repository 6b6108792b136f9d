/**
 * The routes behind the buyer's page, on both example apps: the page files, the
 * sale list, the catalog, purchases by item, order status and the per-buyer
 * rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpressApp } from '../../examples/express/app.js';
import { createKoaApp } from '../../examples/koa/app.js';
import { BuyerRateLimiter } from '../../examples/http/rate-limit.js';
import type { PreloadOptions } from '../../src/index.js';
import { request, type Answer, type Send } from './http-client.js';
import { startExampleServer, type ExampleApp, type ExampleServer } from './http-example-server.js';

const OPEN: PreloadOptions = { stock: 5, perUserLimit: 2, holdMs: 60_000, retainMs: 60_000 };

const APPS: [string, ExampleApp][] = [
  ['Express', (sales, options) => createExpressApp(sales, options)],
  ['Koa', (sales, options) => createKoaApp(sales, options).callback()],
];

describe.each(APPS)('the %s example behind the page', (_name, createApp) => {
  let server: ExampleServer;
  beforeAll(async () => {
    server = await startExampleServer(createApp, {
      rateLimiter: new BuyerRateLimiter({ max: 3, windowMs: 3_600_000 }),
    });
  });
  afterAll(async () => {
    await server.close();
  });
  const post = (path: string, send?: Send): Promise<Answer> =>
    request(server.base, 'POST', path, send);
  const get = (path: string, send?: Send): Promise<Answer> =>
    request(server.base, 'GET', path, send);

  it('serves the page, its script and its style, allowed to load nothing but themselves', async () => {
    for (const [path, type, marker] of [
      ['/', 'text/html', '<script type="module" src="/page/app.js"></script>'],
      ['/page/app.js', 'text/javascript', 'async function buy('],
      ['/page/style.css', 'text/css', 'button:disabled'],
    ] as const) {
      const response = await fetch(`${server.base}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toBe(`${type}; charset=utf-8`);
      expect(response.headers.get('content-security-policy'), path).toBe(
        "default-src 'self'; base-uri 'none'; frame-ancestors 'none'",
      );
      expect(await response.text(), path).toContain(marker);
    }
  });

  it('lists its sales, and shows each one’s catalog with live availability', async () => {
    const s = await server.addSale(OPEN);
    expect((await get('/sales')).body).toMatchObject({
      sales: expect.arrayContaining([{ saleId: s, title: s }]) as unknown,
    });
    const before = await get(`/sales/${s}/catalog`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      saleId: s,
      title: s,
      phase: 'open',
      nowMs: expect.any(Number) as unknown,
      startMs: null,
      endMs: null,
      holdMs: 60_000,
      perUserLimit: 2,
      items: [{ itemId: s, name: s, priceCents: 0, currency: 'EUR', available: 5, total: 5 }],
    });
    await post(`/sales/${s}/purchase`, { user: 'alice', json: { item: s, quantity: 2 } });
    expect((await get(`/sales/${s}/catalog`)).body).toMatchObject({
      items: [{ available: 3, total: 5 }],
    });
    const later = await server.addSale({ ...OPEN, startMs: Date.now() + 3_600_000 });
    expect((await get(`/sales/${later}/catalog`)).body).toMatchObject({
      phase: 'not_started',
      startMs: expect.any(Number) as unknown,
    });
  });

  it('refuses an item the sale does not list, naming the ones it does, and holds nothing', async () => {
    const s = await server.addSale(OPEN);
    const answer = await post(`/sales/${s}/purchase`, { user: 'bob', json: { item: 'nope' } });
    expect([answer.status, answer.body]).toEqual([
      400,
      { error: 'INVALID_ARGUMENT', message: `item must be one of "${s}"; got "nope"` },
    ]);
    expect((await get(`/sales/${s}/stats`)).body).toMatchObject({ held: 0, available: 5 });
  });

  it('follows an order: pending, then paid; released when cancelled; 404 for anyone else', async () => {
    const s = await server.addSale(OPEN);
    const bought = await post(`/sales/${s}/purchase`, { user: 'carol', key: 'c1' });
    const { reservation } = bought.body as { reservation: { id: string } };
    const orderPath = `/sales/${s}/orders/${encodeURIComponent(reservation.id)}`;
    expect((await get(orderPath, { user: 'carol' })).body).toMatchObject({
      order: { state: 'pending', reason: null, reservation: { id: reservation.id } },
    });
    const notMine = await get(orderPath, { user: 'mallory' });
    expect([notMine.status, notMine.body]).toEqual([
      404,
      { error: 'UNKNOWN_RESERVATION', message: `no reservation "${reservation.id}" in this sale` },
    ]);
    await post(`/sales/${s}/reservations/${encodeURIComponent(reservation.id)}/confirm`, {
      user: 'carol',
    });
    expect((await get(orderPath, { user: 'carol' })).body).toMatchObject({
      order: { state: 'paid', reason: null },
    });

    const second = await post(`/sales/${s}/purchase`, { user: 'carol', key: 'c2' });
    const { id } = (second.body as { reservation: { id: string } }).reservation;
    await post(`/sales/${s}/reservations/${encodeURIComponent(id)}/cancel`, { user: 'carol' });
    expect(
      (await get(`/sales/${s}/orders/${encodeURIComponent(id)}`, { user: 'carol' })).body,
    ).toMatchObject({ order: { state: 'released', reason: 'cancelled' } });
  });

  it('answers a buyer over the rate limit 429 with Retry-After, taking nothing; others go on', async () => {
    const s = await server.addSale({ ...OPEN, stock: 10, perUserLimit: 10 });
    for (let i = 0; i < 3; i++) {
      expect((await post(`/sales/${s}/purchase`, { user: 'dave' })).status).toBe(200);
    }
    const limited = await post(`/sales/${s}/purchase`, { user: 'dave' });
    expect(limited.status).toBe(429);
    const { reason, retryAfterMs } = limited.body as { reason: string; retryAfterMs: number };
    expect(reason).toBe('rate_limited');
    expect(retryAfterMs).toBeGreaterThan(3_500_000); // the hour-long window has barely begun
    expect(limited.headers.get('retry-after')).toBe(String(Math.ceil(retryAfterMs / 1000)));
    expect((await post(`/sales/${s}/purchase`, { user: 'erin' })).status).toBe(200);
    expect((await get(`/sales/${s}/stats`)).body).toMatchObject({ held: 4, available: 6 });
  });
});

describe('BuyerRateLimiter', () => {
  it('allows max attempts per window, says how long to wait, and starts afresh after it', () => {
    const limiter = new BuyerRateLimiter({ max: 2, windowMs: 1000 });
    expect([limiter.take('a', 0), limiter.take('a', 100), limiter.take('a', 400)]).toEqual([
      0, 0, 600,
    ]);
    expect(limiter.take('b', 400)).toBe(0);
    expect(limiter.take('a', 1000)).toBe(0);
  });
});
