import type { OrderEvent } from '../../orders/outbox/order-event.js';

/**
 * The message body of an event: its JSON, as UTF-8. Every field of an
 * {@link OrderEvent} is plain JSON (metadata values are strings, numbers,
 * booleans or null), so `JSON.parse` gives the event back as it was.
 * @internal
 */
export function eventBody(event: OrderEvent): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}
