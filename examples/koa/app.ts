/**
 * A Koa 3 back end for one or more flash sales, routed by @koa/router: copy it
 * and replace the `x-user-id` header with your auth. Errors from any route reach
 * the first middleware, which answers them through the shared mapping.
 *
 * An adopter imports from 'flash-sale'; this repository imports its sources.
 */
import { Router } from '@koa/router';
import Koa from 'koa';
import { errorLogger, type ExampleAppOptions } from '../http/app-options.js';
import { toHttpError } from '../http/http-error.js';
import { ownedReservation } from '../http/owned-reservation.js';
import { purchaseResponse } from '../http/purchase-response.js';
import { buyerId, purchaseOptions } from '../http/request-input.js';
import { saleFrom, type SaleRegistry } from '../http/sale-registry.js';
import { readJsonBody } from './json-body.js';

/** The routes of `sales` (one `FlashSale` per sale id) on a new Koa app. */
export function createKoaApp(sales: SaleRegistry, options: ExampleAppOptions = {}): Koa {
  const logError = errorLogger(options);
  const app = new Koa();
  const router = new Router();

  // Reserve units. The hold lasts until `reservation.deadlineMs`: send the buyer to payment.
  router.post('/sales/:saleId/purchase', async (ctx) => {
    const sale = saleFrom(sales, ctx.params['saleId']);
    const body = await readJsonBody(ctx);
    const result = await sale.tryPurchase(
      buyerId(ctx.headers),
      purchaseOptions(ctx.headers, body, ctx.query),
    );
    const answer = purchaseResponse(result);
    ctx.status = answer.status;
    ctx.body = answer.body;
  });

  // Payment succeeded. In production this runs in your payment provider's webhook,
  // after verifying the payment, never on the buyer's word. Confirming twice answers
  // the same; a released hold is 409: refund, its units were sold again.
  router.post('/sales/:saleId/reservations/:id/confirm', async (ctx) => {
    const sale = saleFrom(sales, ctx.params['saleId']);
    const id = ctx.params['id'] ?? '';
    await ownedReservation(sale, id, buyerId(ctx.headers));
    ctx.body = { reservation: await sale.confirm(id) };
  });

  // The buyer gives up: the units return to stock and to the buyer's allowance at once.
  router.post('/sales/:saleId/reservations/:id/cancel', async (ctx) => {
    const sale = saleFrom(sales, ctx.params['saleId']);
    const id = ctx.params['id'] ?? '';
    await ownedReservation(sale, id, buyerId(ctx.headers));
    ctx.body = { reservation: await sale.cancel(id) };
  });

  // What the "did I get it?" page polls: one script call, cheap enough to poll.
  router.get('/sales/:saleId/me', async (ctx) => {
    const status = await saleFrom(sales, ctx.params['saleId']).userStatus(buyerId(ctx.headers));
    if (status === null) {
      ctx.status = 404;
      ctx.body = { reason: 'not_loaded' };
    } else {
      ctx.body = status;
    }
  });

  router.get('/sales/:saleId/stats', async (ctx) => {
    ctx.body = await saleFrom(sales, ctx.params['saleId']).stats();
  });

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
