/**
 * The PostgreSQL the order-sink tests use: 127.0.0.1:5432, database `test`, trust
 * auth (PGHOST, PGPORT, PGDATABASE, PGUSER override). Where none answers, the tests
 * are skipped with a loud warning, except under CI, where they must run.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_TABLES, type OrderTables } from '../../../examples/postgres-sink/index.js';

/** How to reach the test database; passed to child processes as environment. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

function candidates(): PostgresTarget[] {
  const env = process.env;
  const base = {
    host: env['PGHOST'] ?? '127.0.0.1',
    port: Number(env['PGPORT'] ?? 5432),
    database: env['PGDATABASE'] ?? 'test',
  };
  const users = [env['PGUSER'], 'postgres', 'root'].filter((user): user is string => Boolean(user));
  return [...new Set(users)].map((user) => ({ ...base, user }));
}

/** A pool on the test database, or `undefined` (with a loud warning) when none answers. */
export async function connectPostgres(): Promise<
  { pool: pg.Pool; target: PostgresTarget } | undefined
> {
  const failures: string[] = [];
  for (const target of candidates()) {
    const pool = new pg.Pool({ ...target, max: 8, connectionTimeoutMillis: 2_000 });
    pool.on('error', () => undefined);
    try {
      await pool.query('SELECT 1');
      return { pool, target };
    } catch (error) {
      failures.push(
        `${target.user}@${target.host}:${String(target.port)}/${target.database}: ${String(error)}`,
      );
      await pool.end();
    }
  }
  const message = `PostgreSQL is not reachable (${failures.join('; ')})`;
  if (process.env['CI']) throw new Error(`${message}; CI is set, so the PostgreSQL tests must run`);
  console.warn(
    `\n${'!'.repeat(78)}\n!! SKIPPING the PostgreSQL order-sink tests: ${message}\n${'!'.repeat(78)}\n`,
  );
  return undefined;
}

/** Table names no other test uses. */
export function uniqueTables(): OrderTables {
  const tag = randomUUID().replaceAll('-', '').slice(0, 10);
  return {
    orders: `${DEFAULT_TABLES.orders}_${tag}`,
    events: `${DEFAULT_TABLES.events}_${tag}`,
    lines: `${DEFAULT_TABLES.lines}_${tag}`,
  };
}

/** Drops a test's tables (and an optional extra one). */
export async function dropTables(
  pool: pg.Pool,
  tables: OrderTables,
  ...extra: string[]
): Promise<void> {
  await pool.query(
    `DROP TABLE IF EXISTS ${[tables.orders, tables.events, tables.lines, ...extra].join(', ')}`,
  );
}

/** Orders as rows: reservation id → status. */
export async function orderRows(pool: pg.Pool, tables: OrderTables): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ reservation_id: string; status: string }>(
    `SELECT reservation_id, status FROM ${tables.orders}`,
  );
  return new Map(rows.map((row) => [row.reservation_id, row.status]));
}
