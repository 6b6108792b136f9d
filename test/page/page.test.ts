/**
 * The buyer's page in real Chromium, served by the Express and the Koa example
 * in front of the whole order pipeline on real Redis. Every wait is for state
 * the page or Redis shows (Playwright's auto-waiting locators, expect.poll),
 * never a fixed sleep.
 *
 * Screenshots of the Express run go to docs/screenshots/ when
 * UPDATE_SCREENSHOTS=1 (then commit them), otherwise to a temporary folder, so
 * that a plain `npm test` leaves the working tree as it found it.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createExpressApp } from '../../examples/express/app.js';
import { createKoaApp } from '../../examples/koa/app.js';
import { BuyerRateLimiter } from '../../examples/http/rate-limit.js';
import type { ShopSale } from '../../examples/http/shop-sale.js';
import { launchChromium } from './chromium.js';
import { startShopServer, type ShopApp, type ShopServer } from './shop-server.js';

const APPS: [string, ShopApp][] = [
  ['Express', (sales, options) => createExpressApp(sales, options)],
  ['Koa', (sales, options) => createKoaApp(sales, options).callback()],
];

const GRAY = 'rgb(156, 163, 175)'; // --gray in style.css: a disabled button

/** The page's window as evaluate() sees it (this file is compiled without the DOM's types). */
interface PageWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}
const WAIT = { timeout: 45_000 }; // a ceiling for a loaded machine, not an expectation

const screenshotDir =
  process.env['UPDATE_SCREENSHOTS'] === '1'
    ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
    : mkdtempSync(join(tmpdir(), 'flash-sale-screenshots-'));
mkdirSync(screenshotDir, { recursive: true });

describe.each(APPS)("the buyer's page served by the %s example", (app, createApp) => {
  let shop: ShopServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [shop, browser] = await Promise.all([
      startShopServer(createApp, {
        // an hour-long window, so however slow the machine, the fourth attempt falls in it
        rateLimiter: new BuyerRateLimiter({ max: 3, windowMs: 3_600_000 }),
      }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser.close();
    await shop.close();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
    expect(shop.errors.splice(0)).toEqual([]);
  });

  /** Opens the page of `sale` as `buyer`, in a context of its own, once it has drawn. */
  async function openPage(sale: ShopSale, buyer: string, clockAheadMs = 0): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 760, height: 560 } });
    const page = await context.newPage();
    if (clockAheadMs !== 0) await page.clock.install({ time: Date.now() + clockAheadMs });
    page.on('pageerror', (error) => pageErrors.push(`${buyer}: ${error.message}`));
    page.on('console', (message) => {
      // Chromium logs every 4xx answer; a refusal the page expects (409, 429) is no error.
      const expected = /status of (409|429) /.test(message.text());
      if (message.type() === 'error' && !expected) pageErrors.push(`${buyer}: ${message.text()}`);
    });
    await page.goto(`${shop.base}/?sale=${sale.sale.saleId}&buyer=${buyer}`);
    await page.locator('body[data-ready="true"]').waitFor(WAIT);
    return page;
  }

  /** A screenshot, from the Express run only (the two runs draw the same page). */
  async function screenshot(page: Page, name: string): Promise<void> {
    if (app !== 'Express') return;
    const path = join(screenshotDir, `${name}.png`);
    await page.screenshot({ path });
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
  }

  /** Buys through the API, as another buyer's browser would. */
  async function buyDirectly(sale: ShopSale, buyer: string): Promise<string> {
    const response = await fetch(`${shop.base}/sales/${sale.sale.saleId}/purchase`, {
      method: 'POST',
      headers: { 'x-user-id': buyer },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { reservation: { id: string } }).reservation.id;
  }

  it('counts down to the opening by the server’s clock, the button disabled until then', async () => {
    const sale = await shop.addSale({ stock: 5, startMs: Date.now() + 3_600_000 });
    // The browser's own clock is two hours ahead: the page must not believe it.
    const page = await openPage(sale, 'olivia', 2 * 3_600_000);
    await expect
      .poll(async () => page.getByTestId('window').textContent(), WAIT)
      .toMatch(/^Opens in (1:00:00|59:\d\d)$/);
    const buy = page.getByTestId('buy');
    expect(await buy.isDisabled()).toBe(true);
    expect(await buy.textContent()).toMatch(/^Opens in (1:00:00|59:\d\d)$/);
    expect(await page.getByTestId('stock').textContent()).toBe('5 of 5 left');
    await screenshot(page, 'page-countdown');
    await page.context().close();
  });

  it('lets a buyer buy and pay: pending, placed, paid', async () => {
    const sale = await shop.addSale({ stock: 3, perUserLimit: 1, holdMs: 600_000 });
    const page = await openPage(sale, 'alice');
    expect(await page.getByTestId('item-name').textContent()).toBe(
      'Aurora X1 phone, 128 GB, midnight blue',
    );
    await page.getByTestId('buy').click();
    // The worker has written the order: now, and only now, payment is offered.
    await page.getByTestId('order-state').filter({ hasText: 'placed' }).waitFor(WAIT);
    expect(await page.getByTestId('pay').isEnabled()).toBe(true);
    expect(await page.getByTestId('result').textContent()).toMatch(
      /^You got it! Pay within (10:00|9:\d\d)\.$/,
    );
    await screenshot(page, 'page-placed');

    await page.getByTestId('pay').click();
    await page.getByTestId('order-state').filter({ hasText: 'paid' }).waitFor(WAIT);
    expect(await page.getByTestId('order-history').locator('li').allTextContents()).toEqual([
      'pending',
      'placed',
      'paid',
    ]);
    expect(await page.getByTestId('result').textContent()).toBe("Paid. It's yours.");
    // One per buyer: the button says so once the page knows.
    await page.getByTestId('buy').filter({ hasText: 'Limit reached' }).waitFor(WAIT);
    expect(await page.getByTestId('buy').isDisabled()).toBe(true);
    await screenshot(page, 'page-paid');

    const stats = await sale.sale.stats();
    expect(stats).toMatchObject({ sold: 1, held: 0, available: 2 });
    const [reservation] = (await sale.sale.userStatus('alice'))?.reservations ?? [];
    expect(reservation?.state).toBe('sold');
    await expect
      .poll(
        () =>
          shop.sink.events
            .filter((event) => event.reservationId === reservation?.id)
            .map((event) => event.type),
        WAIT,
      )
      .toEqual(['reserved', 'confirmed']);
    await page.context().close();
  });

  it('shows a second buyer sold out, with the button gray and disabled', async () => {
    const sale = await shop.addSale({ stock: 1, holdMs: 600_000 });
    await buyDirectly(sale, 'alice');
    const page = await openPage(sale, 'bob');
    const buy = page.getByTestId('buy');
    await buy.filter({ hasText: 'Sold out' }).waitFor(WAIT);
    expect(await buy.isDisabled()).toBe(true);
    expect(
      await buy.evaluate(
        (button) => (globalThis as unknown as PageWindow).getComputedStyle(button).backgroundColor,
      ),
    ).toBe(GRAY);
    expect(await page.getByTestId('stock').textContent()).toBe('Sold out');
    expect(await page.getByTestId('window').textContent()).toBe(
      'Sold out for now: a unit comes back when a hold runs out unpaid.',
    );
    await screenshot(page, 'page-sold-out');
    // Clicking a disabled button does nothing: still one hold, alice's.
    await buy.click({ force: true });
    expect(await sale.sale.stats()).toMatchObject({ held: 1, available: 0 });
    expect((await sale.sale.userStatus('bob'))?.reservations).toEqual([]);
    await page.context().close();
  });

  it('makes exactly one reservation from a double click', async () => {
    // Two units allowed per buyer: a second request would make a second hold.
    const sale = await shop.addSale({ stock: 5, perUserLimit: 2, holdMs: 600_000 });
    const page = await openPage(sale, 'carol');
    let sent = 0;
    let settled = 0;
    const isPurchase = (url: string, method: string): boolean =>
      method === 'POST' && url.endsWith('/purchase');
    page.on('request', (request) => {
      if (isPurchase(request.url(), request.method())) sent++;
    });
    const done = (request: { url(): string; method(): string }): void => {
      if (isPurchase(request.url(), request.method())) settled++;
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);

    await page.getByTestId('buy').dblclick();
    await page.getByTestId('order').waitFor({ state: 'visible', ...WAIT });
    await expect.poll(() => settled, WAIT).toBe(sent);
    expect(sent).toBe(1);
    const status = await sale.sale.userStatus('carol');
    expect(status?.reservations).toHaveLength(1);
    expect(await sale.sale.stats()).toMatchObject({ held: 1, available: 4 });
    await page.context().close();
  });

  it('shows an unpaid hold released when it runs out, and the unit back on sale', async () => {
    const sale = await shop.addSale({ stock: 1, holdMs: 2000 });
    const page = await openPage(sale, 'dave');
    await page.getByTestId('buy').click();
    await page.getByTestId('order-state').filter({ hasText: 'released' }).waitFor(WAIT);
    expect(await page.getByTestId('order-reason').textContent()).toBe(
      'your hold ran out before payment; the unit went back on sale',
    );
    const history = await page.getByTestId('order-history').locator('li').allTextContents();
    expect(history[0]).toBe('pending');
    expect(history[history.length - 1]).toBe('released');
    // The unit is back, and so is dave's allowance: he may try again.
    await page.getByTestId('buy').filter({ hasText: 'Buy now' }).waitFor(WAIT);
    expect(await page.getByTestId('stock').textContent()).toBe('1 of 1 left');
    await screenshot(page, 'page-released');

    const [reservation] = (await sale.sale.userStatus('dave'))?.reservations ?? [];
    expect(reservation).toMatchObject({ state: 'released', releaseReason: 'expired' });
    expect(await sale.sale.stats()).toMatchObject({ held: 0, sold: 0, available: 1 });
    await page.context().close();
  });

  it('tells a buyer over the rate limit when to retry, with the button waiting', async () => {
    const sale = await shop.addSale({ stock: 5, perUserLimit: 1, holdMs: 600_000 });
    const page = await openPage(sale, 'erin');
    // Three attempts per hour: buy and cancel three times, then the fourth is refused.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByTestId('buy').filter({ hasText: 'Buy now' }).click(WAIT);
      await page.getByTestId('cancel').click(WAIT);
      await page.getByTestId('order-state').filter({ hasText: 'released' }).waitFor(WAIT);
    }
    await page.getByTestId('buy').filter({ hasText: 'Buy now' }).click(WAIT);
    await expect
      .poll(async () => page.getByTestId('result').textContent(), WAIT)
      .toMatch(/^Too many requests\. Retry in (60:00|59:\d\d)\.$/);
    expect(await page.getByTestId('buy').textContent()).toMatch(/^Retry in (60:00|59:\d\d)$/);
    expect(await page.getByTestId('buy').isDisabled()).toBe(true);
    await screenshot(page, 'page-rate-limited');
    expect((await sale.sale.userStatus('erin'))?.reservations).toHaveLength(3);
    expect(await sale.sale.stats()).toMatchObject({ held: 0, available: 5 });
    await page.context().close();
  });
});
