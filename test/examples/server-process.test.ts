/**
 * The runnable example servers as processes: settings and servers they cannot
 * use stop them with a message and an exit code; started for real, they serve
 * the page and run the whole pipeline, into PostgreSQL when DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { connectPostgres } from '../orders/fault/postgres.js';
import { redisClient } from '../harness/clients.js';
import { freePort } from '../harness/free-port.js';

const SERVER = {
  Express: fileURLToPath(new URL('../../examples/express/server.ts', import.meta.url)),
  Koa: fileURLToPath(new URL('../../examples/koa/server.ts', import.meta.url)),
};

interface Started {
  readonly stdout: string[];
  readonly stderr: string[];
  /** Resolves with the first stdout line containing `text`; rejects if the process ends first. */
  line(text: string): Promise<string>;
  exited: Promise<number | string>;
  stop(): void;
}

/** Starts an example server with `env` on top of a clean environment. */
function startServer(name: keyof typeof SERVER, env: Record<string, string>): Started {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(REDIS_URL|DATABASE_URL|PORT|SALE_)/.test(key),
    ),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER[name]], {
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { text: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    for (const waiter of waiters.filter((entry) => line.includes(entry.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return {
    stdout,
    stderr,
    exited,
    line: async (text) => {
      const seen = stdout.find((line) => line.includes(text));
      if (seen !== undefined) return seen;
      return new Promise((resolve, reject) => {
        waiters.push({ text, resolve });
        void exited.then((code) => {
          reject(new Error(`exited (${String(code)}) before "${text}": ${stderr.join('\n')}`));
        });
      });
    },
    stop: () => child.kill('SIGTERM'),
  };
}

describe('the example servers as processes', () => {
  it('stop with exit code 2, naming the setting, for a bad value', async () => {
    const server = startServer('Express', { SALE_STOCK: 'lots' });
    expect(await server.exited).toBe(2);
    expect(server.stderr).toEqual([
      'Express example: SALE_STOCK must be a whole number from 1 to 1,000,000; got "lots"',
    ]);
  });

  it('stop with exit code 1 when REDIS_URL does not answer: no fallback', async () => {
    const port = await freePort();
    const server = startServer('Koa', { REDIS_URL: `redis://:pw@127.0.0.1:${String(port)}` });
    expect(await server.exited).toBe(1);
    expect(server.stderr).toEqual([
      `Koa example: no Redis answers at REDIS_URL=redis://:***@127.0.0.1:${String(port)} (connect ECONNREFUSED 127.0.0.1:${String(port)}). Start it, or point the setting elsewhere.`,
    ]);
    expect(server.stdout).toEqual([]);
  });

  it.each(['Express', 'Koa'] as const)(
    '%s: serves the page, writes orders to PostgreSQL through the worker, and stops on SIGTERM',
    { timeout: 120_000 },
    async (name) => {
      const postgres = await connectPostgres();
      if (postgres === undefined) return; // skipped with a warning (never under CI)
      const { target, pool } = postgres;
      const saleId = `proc-${randomUUID().slice(0, 8)}`;
      const port = await freePort();
      const server = startServer(name, {
        REDIS_URL: `redis://127.0.0.1:${String(inject('redisPort'))}`,
        DATABASE_URL: `postgres://${target.user}@${target.host}:${String(target.port)}/${target.database}`,
        PORT: String(port),
        SALE_ID: saleId,
        SALE_OPENS_IN_MS: '0',
      });
      const redis = redisClient();
      try {
        await server.line(
          `${name} example: the buyer's page is at http://localhost:${String(port)}/`,
        );
        expect(server.stdout).toContain(
          `orders: PostgreSQL at postgres://${target.user}@${target.host}:${String(target.port)}/${target.database}; redis: redis://127.0.0.1:${String(inject('redisPort'))}`,
        );
        const base = `http://127.0.0.1:${String(port)}`;
        expect((await fetch(`${base}/`)).status).toBe(200);
        const bought = await fetch(`${base}/sales/${saleId}/purchase`, {
          method: 'POST',
          headers: { 'x-user-id': 'alice', 'content-type': 'application/json' },
          body: JSON.stringify({ item: 'aurora-x1' }),
        });
        expect(bought.status).toBe(200);
        const { reservation } = (await bought.json()) as { reservation: { id: string } };
        // The worker writes the order; the status says placed once it has.
        await expect
          .poll(
            async () => {
              const answer = await fetch(
                `${base}/sales/${saleId}/orders/${encodeURIComponent(reservation.id)}`,
                { headers: { 'x-user-id': 'alice' } },
              );
              return ((await answer.json()) as { order: { state: string } }).order.state;
            },
            { timeout: 60_000 },
          )
          .toBe('placed');
        const rows = await pool.query<{ status: string; user_id: string }>(
          'SELECT status, user_id FROM flash_sale_orders WHERE reservation_id = $1',
          [reservation.id],
        );
        expect(rows.rows).toEqual([{ status: 'reserved', user_id: 'alice' }]);
        server.stop();
        expect(await server.exited).toBe(0);
        expect(server.stderr).toEqual([]);
      } finally {
        server.stop();
        await server.exited;
        await pool.query('DELETE FROM flash_sale_order_events WHERE reservation_id LIKE $1', [
          `${saleId}:%`,
        ]);
        await pool.query('DELETE FROM flash_sale_orders WHERE sale_id = $1', [saleId]);
        await pool.end();
        const keys = await redis.keys(`flash-sale:{${saleId}}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      }
    },
  );
});
