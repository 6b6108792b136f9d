/**
 * A Koa 3 back end for one or more flash sales, routed by @koa/router, with the
 * buyer's page at `/`: copy it and replace the `x-user-id` header with your
 * auth. Errors from any route reach the first middleware, which answers them
 * through the shared mapping.
 *
 * An adopter imports from 'flash-sale'; this repository imports its sources.
 */
import { Router } from '@koa/router';
import Koa from 'koa';
import { errorLogger, type ExampleAppOptions } from '../http/app-options.js';
import { catalogView, saleList } from '../http/catalog.js';
import { toHttpError } from '../http/http-error.js';
import { orderStatus } from '../http/order-status.js';
import { ownedReservation } from '../http/owned-reservation.js';
import { PAGE_HEADERS, PAGE_PATHS, pageAsset } from '../http/page-assets.js';
import { purchase } from '../http/purchase-response.js';
import { buyerId } from '../http/request-input.js';
import { saleFrom, type SaleRegistry } from '../http/sale-registry.js';
import { readJsonBody } from './json-body.js';

/** The routes of `sales` (one `FlashSale` per sale id) on a new Koa app. */
export function createKoaApp(sales: SaleRegistry, options: ExampleAppOptions = {}): Koa {
  const logError = errorLogger(options);
  const app = new Koa();
  const router = new Router();

  // The buyer's page: HTML, CSS and one script.
  for (const path of PAGE_PATHS) {
    router.get(path, (ctx) => {
      const asset = pageAsset(path);
      if (asset === undefined) throw new Error(`no page file at ${path}`);
      ctx.set(PAGE_HEADERS);
      ctx.type = asset.contentType;
      ctx.body = asset.body;
    });
  }

  // Which sales this server runs, for the page to pick from.
  router.get('/sales', (ctx) => {
    ctx.body = { sales: saleList(sales) };
  });

  // What the page polls: the sale window by Redis's clock, and the items with live availability.
  router.get('/sales/:saleId/catalog', async (ctx) => {
    ctx.body = await catalogView(saleFrom(sales, ctx.params['saleId']));
  });

  // Reserve units. The hold lasts until `reservation.deadlineMs`: send the buyer to payment.
  router.post('/sales/:saleId/purchase', async (ctx) => {
    const shop = saleFrom(sales, ctx.params['saleId']);
    const body = await readJsonBody(ctx);
    const answer = await purchase(
      shop,
      { headers: ctx.headers, body, query: ctx.query },
      options.rateLimiter,
    );
    ctx.status = answer.status;
    ctx.set(answer.headers);
    ctx.body = answer.body;
  });

  // "Did I get it?": pending → placed (the worker wrote the order) → paid, or released.
  router.get('/sales/:saleId/orders/:id', async (ctx) => {
    const shop = saleFrom(sales, ctx.params['saleId']);
    ctx.body = await orderStatus(shop, ctx.params['id'] ?? '', buyerId(ctx.headers));
  });

  // Payment succeeded. In production this runs in your payment provider's webhook,
  // after verifying the payment, never on the buyer's word. Confirming twice answers
  // the same; a released hold is 409: refund, its units were sold again.
  router.post('/sales/:saleId/reservations/:id/confirm', async (ctx) => {
    const { sale } = saleFrom(sales, ctx.params['saleId']);
    const id = ctx.params['id'] ?? '';
    await ownedReservation(sale, id, buyerId(ctx.headers));
    ctx.body = { reservation: await sale.confirm(id) };
  });

  // The buyer gives up: the units return to stock and to the buyer's allowance at once.
  router.post('/sales/:saleId/reservations/:id/cancel', async (ctx) => {
    const { sale } = saleFrom(sales, ctx.params['saleId']);
    const id = ctx.params['id'] ?? '';
    await ownedReservation(sale, id, buyerId(ctx.headers));
    ctx.body = { reservation: await sale.cancel(id) };
  });

  // The buyer's reservations in this sale (the page resumes from it after a reload).
  router.get('/sales/:saleId/me', async (ctx) => {
    const { sale } = saleFrom(sales, ctx.params['saleId']);
    const status = await sale.userStatus(buyerId(ctx.headers));
    if (status === null) {
      ctx.status = 404;
      ctx.body = { reason: 'not_loaded' };
    } else {
      ctx.body = status;
    }
  });

  router.get('/sales/:saleId/stats', async (ctx) => {
    ctx.body = await saleFrom(sales, ctx.params['saleId']).sale.stats();
  });

  // Prometheus scrapes this (examples/http/prometheus-metrics.ts).
  const { metrics } = options;
  if (metrics !== undefined) {
    router.get('/metrics', async (ctx) => {
      ctx.type = metrics.contentType;
      ctx.body = await metrics.text();
    });
  }

  // First in the chain, so it sees every error thrown below it.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const answer = toHttpError(error);
      if (answer.status >= 500) logError(error);
      ctx.status = answer.status;
      ctx.set(answer.headers);
      ctx.body = answer.body;
    }
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
