import type { IncomingHttpHeaders } from 'node:http';
import { InvalidArgumentError, type PurchaseOptions } from '../../src/index.js';
import type { ItemListing, SaleListing } from './shop-sale.js';

/**
 * One header as text, or `undefined` when absent. Node joins repeated custom
 * headers into one string; only `set-cookie` is ever an array, so an array here
 * is treated as absent.
 */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The buyer making the request. In a real app this comes from your auth
 * middleware (session, JWT subject, …), never from a header the client chooses;
 * the header stands in for it so the example runs with curl. A missing header
 * becomes `''`, which the library refuses with an `InvalidArgumentError` (400);
 * behind real auth the middleware answers 401 before the route runs.
 */
export function buyerId(headers: IncomingHttpHeaders): string {
  return headerValue(headers, 'x-user-id') ?? '';
}

/**
 * `quantity` from the JSON body or, failing that, the query string. Query values
 * arrive as text, so digits are converted here; anything else is refused with
 * the value quoted as sent (`"abc"`, not `NaN`). Range checks stay with the
 * library, which knows the sale's limits.
 */
export function quantityFrom(
  body: unknown,
  query: Readonly<Record<string, unknown>>,
): number | undefined {
  const fromBody =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['quantity']
      : undefined;
  const raw = fromBody ?? query['quantity'];
  if (raw === undefined) return undefined;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^\d{1,9}$/.test(raw)) return Number(raw);
  throw new InvalidArgumentError('quantity', raw, 'a positive integer');
}

/**
 * The options of one purchase request: `quantity` as above, and the
 * `Idempotency-Key` header, which makes a retried request (a double click, a
 * timeout, a flaky mobile network) return the first reservation instead of
 * taking a second unit. Fields that were not sent are left out.
 */
export function purchaseOptions(
  headers: IncomingHttpHeaders,
  body: unknown,
  query: Readonly<Record<string, unknown>>,
): PurchaseOptions {
  const quantity = quantityFrom(body, query);
  const idempotencyKey = headerValue(headers, 'idempotency-key');
  return {
    ...(quantity === undefined ? {} : { quantity }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  };
}

/**
 * The item a purchase is for: `item` from the JSON body or the query string,
 * or the sale's only item when absent. An id the listing does not have is
 * refused (400) with the ids it does have.
 */
export function itemFrom(
  body: unknown,
  query: Readonly<Record<string, unknown>>,
  listing: SaleListing,
): ItemListing {
  const fromBody =
    typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)['item']
      : undefined;
  const raw = fromBody ?? query['item'];
  const item =
    raw === undefined && listing.items.length === 1
      ? listing.items[0]
      : listing.items.find((candidate) => candidate.itemId === raw);
  if (item === undefined) {
    const ids = listing.items.map((candidate) => JSON.stringify(candidate.itemId)).join(', ');
    throw new InvalidArgumentError('item', raw, `one of ${ids}`);
  }
  return item;
}
