/**
 * The three tables of the PostgreSQL order sink. Their primary keys are what make
 * redelivery harmless: an event id is stored once (`events`), a reservation has
 * one order row (`orders`) and one row per item it holds (`lines`).
 */
import type { Pool } from 'pg';

/** Table names, so an app (or a test) can keep several sets side by side. */
export interface OrderTables {
  /** One row per order (reservation). */
  readonly orders: string;
  /** One row per event applied: the idempotency log. */
  readonly events: string;
  /** One row per order and item: the order's lines. */
  readonly lines: string;
}

/** The default table names. */
export const DEFAULT_TABLES: OrderTables = {
  orders: 'flash_sale_orders',
  events: 'flash_sale_order_events',
  lines: 'flash_sale_order_lines',
};

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks table names before they are spliced into SQL. */
export function checkTables(tables: OrderTables): OrderTables {
  for (const name of [tables.orders, tables.events, tables.lines]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not a plain table name: ${JSON.stringify(name)}`);
  }
  return tables;
}

/** Creates the tables if they do not exist. */
export async function createOrderTables(pool: Pool, tables = DEFAULT_TABLES): Promise<void> {
  const { orders, events, lines } = checkTables(tables);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS ${orders} (
      reservation_id text PRIMARY KEY,
      sale_id        text        NOT NULL,
      user_id        text        NOT NULL,
      quantity       integer     NOT NULL CHECK (quantity > 0),
      status         text        NOT NULL,
      deadline       timestamptz NOT NULL,
      metadata       jsonb,
      updated_at     timestamptz NOT NULL
    );
    CREATE TABLE IF NOT EXISTS ${lines} (
      reservation_id text    NOT NULL,
      item_id        text    NOT NULL,
      quantity       integer NOT NULL CHECK (quantity > 0),
      PRIMARY KEY (reservation_id, item_id)
    );
    CREATE TABLE IF NOT EXISTS ${events} (
      event_id       text PRIMARY KEY,
      reservation_id text        NOT NULL,
      type           text        NOT NULL,
      at             timestamptz NOT NULL
    );`);
}
