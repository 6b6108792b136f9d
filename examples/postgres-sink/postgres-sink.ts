/**
 * An OrderSink that writes orders to PostgreSQL with `pg`, one transaction per
 * batch. Redelivered events are harmless: each event id is inserted once into the
 * events table (primary key, ON CONFLICT DO NOTHING), only newly inserted events
 * change an order, and an order's status only moves forward
 * (reserved → confirmed | cancelled | expired | failed), so a late duplicate
 * can never undo a later state. An order is written with its lines (one row per
 * item) and the purchase's metadata, in the same transaction; every event
 * carries them, so whichever event of a reservation arrives first creates the
 * complete order.
 *
 * It also reads orders back for the operator's tools (docs/recovery.md): `lookup`
 * answers a page of reservation ids with one query, `exportOrders` lists a sale's
 * orders with their lines, a keyset-paginated query per page.
 */
import type { Pool, PoolClient } from 'pg';
import type {
  OrderEvent,
  OrderSink,
  ReservationMetadata,
  StoredOrder,
  StoredOrderState,
} from '../../src/index.js';
import { checkTables, DEFAULT_TABLES, type OrderTables } from './schema.js';

/** Options of {@link createPostgresSink}. */
export interface PostgresSinkOptions {
  /** Table names; see {@link createOrderTables}. */
  readonly tables?: OrderTables;
  /** Runs inside each batch's transaction, after the orders are written (extra rows, audits). */
  readonly alsoWrite?: (client: PoolClient, events: readonly OrderEvent[]) => Promise<void>;
}

/** Per reservation, the last of its newly stored events in this batch (terminal wins). */
function latestPerReservation(events: readonly OrderEvent[]): OrderEvent[] {
  const latest = new Map<string, OrderEvent>();
  for (const event of events) {
    const seen = latest.get(event.reservationId);
    if (seen === undefined || seen.type === 'reserved') latest.set(event.reservationId, event);
  }
  return [...latest.values()];
}

/** One order row with its lines, as the export query returns it. */
interface ExportRow {
  reservation_id: string;
  user_id: string;
  status: StoredOrderState;
  deadline_ms: string;
  metadata: ReservationMetadata | null;
  items: string[];
  quantities: number[];
}

/** Builds the sink. The pool's connections are borrowed per batch. */
export function createPostgresSink(
  pool: Pool,
  options: PostgresSinkOptions = {},
): Required<OrderSink> {
  const { orders, events: eventsTable, lines } = checkTables(options.tables ?? DEFAULT_TABLES);
  return {
    async lookup(reservationIds) {
      const { rows } = await pool.query<{ reservation_id: string; status: StoredOrderState }>(
        `SELECT reservation_id, status FROM ${orders} WHERE reservation_id = ANY($1::text[])`,
        [reservationIds],
      );
      return new Map(rows.map((row) => [row.reservation_id, row.status]));
    },
    async *exportOrders(saleId, { pageSize }) {
      let after = '';
      for (;;) {
        const { rows } = await pool.query<ExportRow>(
          `SELECT o.reservation_id, o.user_id, o.status, o.metadata,
                  round(extract(epoch FROM o.deadline) * 1000)::bigint AS deadline_ms,
                  array_remove(array_agg(l.item_id ORDER BY l.item_id), NULL) AS items,
                  array_remove(array_agg(l.quantity ORDER BY l.item_id), NULL) AS quantities
           FROM ${orders} o LEFT JOIN ${lines} l ON l.reservation_id = o.reservation_id
           WHERE o.sale_id = $1 AND o.reservation_id > $2
           GROUP BY o.reservation_id
           ORDER BY o.reservation_id
           LIMIT $3`,
          [saleId, after, pageSize],
        );
        if (rows.length === 0) return;
        const page: StoredOrder[] = rows.map((row) => ({
          reservationId: row.reservation_id,
          userId: row.user_id,
          state: row.status,
          deadlineMs: Number(row.deadline_ms),
          metadata: row.metadata,
          lines: row.items.map((item, index) => ({ item, quantity: row.quantities[index] ?? 0 })),
        }));
        yield page;
        after = rows[rows.length - 1]?.reservation_id ?? after;
        if (rows.length < pageSize) return;
      }
    },
    async write(events, { signal }) {
      const client = await pool.connect();
      let broken = false;
      try {
        signal.throwIfAborted();
        await client.query('BEGIN');
        const stored = await client.query<{ event_id: string }>(
          `INSERT INTO ${eventsTable} (event_id, reservation_id, type, at)
           SELECT e.event_id, e.reservation_id, e.type, to_timestamp(e.at_ms / 1000.0)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::double precision[])
             AS e(event_id, reservation_id, type, at_ms)
           ON CONFLICT (event_id) DO NOTHING
           RETURNING event_id`,
          [
            events.map((event) => event.id),
            events.map((event) => event.reservationId),
            events.map((event) => event.type),
            events.map((event) => event.atMs),
          ],
        );
        const fresh = new Set(stored.rows.map((row) => row.event_id));
        const changes = latestPerReservation(events.filter((event) => fresh.has(event.id)));
        if (changes.length > 0) {
          await client.query(
            `INSERT INTO ${orders} (reservation_id, sale_id, user_id, quantity, status, deadline,
                                   metadata, updated_at)
             SELECT r, s, u, q, st, to_timestamp(d / 1000.0), m::jsonb, to_timestamp(a / 1000.0)
             FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[],
                         $6::double precision[], $7::double precision[], $8::text[])
               AS c(r, s, u, q, st, d, a, m)
             ON CONFLICT (reservation_id) DO UPDATE
               SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
               WHERE ${orders}.status = 'reserved' AND EXCLUDED.status <> 'reserved'`,
            [
              changes.map((event) => event.reservationId),
              changes.map((event) => event.saleId),
              changes.map((event) => event.userId),
              changes.map((event) => event.quantity),
              changes.map((event) => event.type), // the order's status after it
              changes.map((event) => event.deadlineMs),
              changes.map((event) => event.atMs),
              changes.map((event) =>
                event.metadata === null ? null : JSON.stringify(event.metadata),
              ),
            ],
          );
          const orderLines = changes.flatMap((event) =>
            event.lines.map((line) => ({ reservationId: event.reservationId, ...line })),
          );
          await client.query(
            `INSERT INTO ${lines} (reservation_id, item_id, quantity)
             SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
             ON CONFLICT (reservation_id, item_id) DO NOTHING`,
            [
              orderLines.map((line) => line.reservationId),
              orderLines.map((line) => line.item),
              orderLines.map((line) => line.quantity),
            ],
          );
        }
        await options.alsoWrite?.(client, events);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
