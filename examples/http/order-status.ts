import { UnknownReservationError, type OrderStatus } from '../../src/index.js';
import { ownedReservation } from './owned-reservation.js';
import type { ShopSale } from './shop-sale.js';

/**
 * Serves `GET /sales/:saleId/orders/:id`: the order's status as the page polls
 * it (`pending` → `placed` → `paid`, or `released` / `failed` with a reason),
 * for its own buyer only; anyone else's is 404, like a missing one.
 */
export async function orderStatus(
  shop: ShopSale,
  reservationId: string,
  userId: string,
): Promise<{ order: OrderStatus }> {
  await ownedReservation(shop.sale, reservationId, userId);
  const order = await shop.orders.status(reservationId);
  if (order === null) throw new UnknownReservationError(reservationId);
  return { order };
}
