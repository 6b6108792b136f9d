/**
 * An Express 5 back end for one or more flash sales: copy it and replace the
 * `x-user-id` header with your auth. Express 5 forwards a rejected async handler
 * to the error middleware, so the routes need no try/catch.
 *
 * An adopter imports from 'flash-sale'; this repository imports its sources.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { errorLogger, type ExampleAppOptions } from '../http/app-options.js';
import { toHttpError } from '../http/http-error.js';
import { ownedReservation } from '../http/owned-reservation.js';
import { purchaseResponse } from '../http/purchase-response.js';
import { buyerId, purchaseOptions } from '../http/request-input.js';
import { saleFrom, type SaleRegistry } from '../http/sale-registry.js';

/** The routes of `sales` (one `FlashSale` per sale id) on a new Express app. */
export function createExpressApp(sales: SaleRegistry, options: ExampleAppOptions = {}): Express {
  const logError = errorLogger(options);
  const app = express();
  app.disable('x-powered-by'); // no need to tell scanners what runs here
  // A purchase body is `{ "quantity": 2 }` at most: a small limit turns floods away early.
  app.use(express.json({ limit: '1kb' }));

  // Reserve units. The hold lasts until `reservation.deadlineMs`: send the buyer to payment.
  app.post('/sales/:saleId/purchase', async (req, res) => {
    const sale = saleFrom(sales, req.params.saleId);
    const result = await sale.tryPurchase(
      buyerId(req.headers),
      purchaseOptions(req.headers, req.body, req.query),
    );
    const { status, body } = purchaseResponse(result);
    res.status(status).json(body);
  });

  // Payment succeeded. In production this runs in your payment provider's webhook,
  // after verifying the payment, never on the buyer's word. Confirming twice answers
  // the same; a released hold is 409: refund, its units were sold again.
  app.post('/sales/:saleId/reservations/:id/confirm', async (req, res) => {
    const sale = saleFrom(sales, req.params.saleId);
    await ownedReservation(sale, req.params.id, buyerId(req.headers));
    res.json({ reservation: await sale.confirm(req.params.id) });
  });

  // The buyer gives up: the units return to stock and to the buyer's allowance at once.
  app.post('/sales/:saleId/reservations/:id/cancel', async (req, res) => {
    const sale = saleFrom(sales, req.params.saleId);
    await ownedReservation(sale, req.params.id, buyerId(req.headers));
    res.json({ reservation: await sale.cancel(req.params.id) });
  });

  // What the "did I get it?" page polls: one script call, cheap enough to poll.
  app.get('/sales/:saleId/me', async (req, res) => {
    const status = await saleFrom(sales, req.params.saleId).userStatus(buyerId(req.headers));
    if (status === null) res.status(404).json({ reason: 'not_loaded' });
    else res.json(status);
  });

  app.get('/sales/:saleId/stats', async (req, res) => {
    res.json(await saleFrom(sales, req.params.saleId).stats());
  });

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
