/**
 * An Express 5 back end for one or more flash sales, with the buyer's page at
 * `/`: copy it and replace the `x-user-id` header with your auth. Express 5
 * forwards a rejected async handler to the error middleware, so the routes need
 * no try/catch.
 *
 * An adopter imports from 'flash-sale'; this repository imports its sources.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { errorLogger, type ExampleAppOptions } from '../http/app-options.js';
import { catalogView, saleList } from '../http/catalog.js';
import { toHttpError } from '../http/http-error.js';
import { orderStatus } from '../http/order-status.js';
import { ownedReservation } from '../http/owned-reservation.js';
import { PAGE_HEADERS, PAGE_PATHS, pageAsset } from '../http/page-assets.js';
import { purchase } from '../http/purchase-response.js';
import { buyerId } from '../http/request-input.js';
import { saleFrom, type SaleRegistry } from '../http/sale-registry.js';

/** The routes of `sales` (one `FlashSale` per sale id) on a new Express app. */
export function createExpressApp(sales: SaleRegistry, options: ExampleAppOptions = {}): Express {
  const logError = errorLogger(options);
  const app = express();
  app.disable('x-powered-by'); // no need to tell scanners what runs here
  // A purchase body is `{ "item": "…", "quantity": 2 }` at most: a small limit turns floods away early.
  app.use(express.json({ limit: '1kb' }));

  // The buyer's page: HTML, CSS and one script.
  for (const path of PAGE_PATHS) {
    app.get(path, (_req, res) => {
      const asset = pageAsset(path);
      if (asset === undefined) throw new Error(`no page file at ${path}`);
      res.set(PAGE_HEADERS).type(asset.contentType).send(asset.body);
    });
  }

  // Which sales this server runs, for the page to pick from.
  app.get('/sales', (_req, res) => {
    res.json({ sales: saleList(sales) });
  });

  // What the page polls: the sale window by Redis's clock, and the items with live availability.
  app.get('/sales/:saleId/catalog', async (req, res) => {
    res.json(await catalogView(saleFrom(sales, req.params.saleId)));
  });

  // Reserve units. The hold lasts until `reservation.deadlineMs`: send the buyer to payment.
  app.post('/sales/:saleId/purchase', async (req, res) => {
    const shop = saleFrom(sales, req.params.saleId);
    const answer = await purchase(shop, req, options.rateLimiter);
    res.status(answer.status).set(answer.headers).json(answer.body);
  });

  // "Did I get it?": pending → placed (the worker wrote the order) → paid, or released.
  app.get('/sales/:saleId/orders/:id', async (req, res) => {
    const shop = saleFrom(sales, req.params.saleId);
    res.json(await orderStatus(shop, req.params.id, buyerId(req.headers)));
  });

  // Payment succeeded. In production this runs in your payment provider's webhook,
  // after verifying the payment, never on the buyer's word. Confirming twice answers
  // the same; a released hold is 409: refund, its units were sold again.
  app.post('/sales/:saleId/reservations/:id/confirm', async (req, res) => {
    const { sale } = saleFrom(sales, req.params.saleId);
    await ownedReservation(sale, req.params.id, buyerId(req.headers));
    res.json({ reservation: await sale.confirm(req.params.id) });
  });

  // The buyer gives up: the units return to stock and to the buyer's allowance at once.
  app.post('/sales/:saleId/reservations/:id/cancel', async (req, res) => {
    const { sale } = saleFrom(sales, req.params.saleId);
    await ownedReservation(sale, req.params.id, buyerId(req.headers));
    res.json({ reservation: await sale.cancel(req.params.id) });
  });

  // The buyer's reservations in this sale (the page resumes from it after a reload).
  app.get('/sales/:saleId/me', async (req, res) => {
    const { sale } = saleFrom(sales, req.params.saleId);
    const status = await sale.userStatus(buyerId(req.headers));
    if (status === null) res.status(404).json({ reason: 'not_loaded' });
    else res.json(status);
  });

  app.get('/sales/:saleId/stats', async (req, res) => {
    res.json(await saleFrom(sales, req.params.saleId).sale.stats());
  });

  // Prometheus scrapes this: every sale's purchases, holds, orders and locks
  // (examples/http/prometheus-metrics.ts feeds it from the diagnostics channels).
  const { metrics } = options;
  if (metrics !== undefined) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.contentType).send(await metrics.text());
    });
  }

  // Error middleware is recognised by its four parameters.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    // Too late for an error answer (a response is under way): Express closes the connection.
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer = toHttpError(error);
    if (answer.status >= 500) logError(error);
    res.status(answer.status).set(answer.headers).json(answer.body);
  });
  return app;
}
