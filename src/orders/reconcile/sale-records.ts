import { decodeReservation } from '../../sale/decode-reservation.js';
import type { Reservation } from '../../sale/reservation.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { callRedis } from '../../shared/redis/call-redis.js';

/** The keeper field every hash of a sale holds (lib/retention.lua): never a reservation. */
const KEEPER = '';

/** One HSCAN step over the sale's records: the next cursor and the records seen. @internal */
export interface RecordPage {
  readonly cursor: string;
  readonly ids: readonly string[];
}

/** The next page of reservation ids of the sale's records hash (HSCAN). @internal */
export async function scanRecords(
  context: SaleContext,
  operation: string,
  cursor: string,
  count: number,
): Promise<RecordPage> {
  const reply: unknown = await callRedis(
    operation,
    context.commandTimeoutMs,
    context.client.hscan(context.keys.holds, cursor, 'COUNT', count),
  );
  const [next, flat] = Array.isArray(reply) ? (reply as [unknown, unknown]) : ['0', []];
  const ids: string[] = [];
  if (Array.isArray(flat)) {
    for (let index = 0; index + 1 < flat.length; index += 2) {
      const id = String(flat[index]);
      if (id !== KEEPER) ids.push(id);
    }
  }
  return { cursor: String(next), ids };
}

/**
 * The records of these reservations now (one HMGET), decoded; ids without a record
 * are absent from the map.
 * @internal
 */
export async function readRecords(
  context: SaleContext,
  operation: string,
  ids: readonly string[],
): Promise<Map<string, Reservation>> {
  const found = new Map<string, Reservation>();
  if (ids.length === 0) return found;
  const reply: unknown = await callRedis(
    operation,
    context.commandTimeoutMs,
    context.client.hmget(context.keys.holds, ...ids),
  );
  const texts = Array.isArray(reply) ? (reply as unknown[]) : [];
  ids.forEach((id, index) => {
    const text = texts[index];
    if (typeof text === 'string') found.set(id, decodeReservation(context.saleId, id, text));
  });
  return found;
}

/** Whether the sale's meta key exists (the sale is loaded). @internal */
export async function saleExists(context: SaleContext, operation: string): Promise<boolean> {
  const reply = await callRedis(
    operation,
    context.commandTimeoutMs,
    context.client.exists(context.keys.meta),
  );
  return reply === 1;
}
