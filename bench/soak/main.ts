/**
 * `npm run soak [-- seconds]`: the sale under fire for a set duration (default
 * 60 s, or SOAK_SECONDS), then an exact audit.
 *
 * - a private redis-server with AOF (`appendonly yes`, `appendfsync always`),
 *   killed with SIGKILL and restarted midway;
 * - buyer processes going through a proxy that now and then loses the reply of a
 *   sale script and the connection (so ioredis re-sends it);
 * - outbox worker processes with a file sink, and an ExpirySweeper process;
 * - kill -9 of a random buyer or worker every few seconds (each is replaced);
 * - a restock now and then.
 *
 * At the end the buyers stop, the sweeper gets time to return every overdue
 * hold and the workers to deliver every event, and audit.ts checks the raw keys
 * and the sink files. Prints a table; exits 1 on any violation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FlashSale } from '../../src/index.js';
import { saleKeys } from '../../src/sale/sale-keys.js';
import { scriptOnKey, startDroppingProxy } from '../../test/harness/dropping-proxy.js';
import { startRedisServer } from '../../test/harness/redis-server.js';
import { spawnChild, type Child } from '../../test/harness/spawn-child.js';
import { printTable } from '../print-table.js';
import { audit, expectedEvents, readReservations, redisNowMs, sinkLines } from './audit.js';
import type { SoakConfig } from './config.js';

const SECONDS = Number(process.argv[2] ?? process.env['SOAK_SECONDS'] ?? '60');
const BUYERS = 3;
const WORKERS = 2;
const STOCK = 1_000;
const LIMIT = 2;
const HOLD_MS = 2_000;
const DROP_PROBABILITY = 0.02;
const SALE_ID = 'soak';
const PREFIX = 'soak:';

const sleep = async (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

type Role = 'buyer' | 'worker' | 'sweeper';

interface Process {
  readonly role: Role;
  readonly child: Child;
}

/** The last `counts {…}` line of a process, parsed. */
function lastCounts(child: Child): Record<string, number> {
  for (let index = child.lines.length - 1; index >= 0; index--) {
    const line = child.lines[index] ?? '';
    if (line.startsWith('counts ')) return JSON.parse(line.slice(7)) as Record<string, number>;
  }
  return {};
}

/** The typed errors buyers met, by name, summed over every buyer process. */
function typedErrors(processes: readonly Process[]): string {
  const byName = new Map<string, number>();
  for (const p of processes.filter((q) => q.role === 'buyer')) {
    for (const [name, times] of Object.entries(lastCounts(p.child))) {
      if (name.startsWith('error '))
        byName.set(name.slice(6), (byName.get(name.slice(6)) ?? 0) + times);
    }
  }
  return [...byName].map(([name, times]) => `${name} ${String(times)}`).join(', ') || '0';
}

async function main(): Promise<void> {
  if (!Number.isFinite(SECONDS) || SECONDS <= 0) throw new Error(`bad duration ${String(SECONDS)}`);
  const dir = mkdtempSync(join(tmpdir(), 'flash-sale-soak-'));
  const server = await startRedisServer({
    args: ['--appendonly', 'yes', '--appendfsync', 'always'],
  });
  const proxy = await startDroppingProxy({ redisPort: server.port });
  const keys = saleKeys(PREFIX, SALE_ID);
  proxy.dropRandomly(scriptOnKey(keys.meta), DROP_PROBABILITY);
  const direct = new Redis({ port: server.port, maxRetriesPerRequest: 50 });
  direct.on('error', () => undefined);
  const sale = new FlashSale({
    redis: direct,
    saleId: SALE_ID,
    keyPrefix: PREFIX,
    commandTimeoutMs: 15_000,
  });
  await sale.preload({ stock: STOCK, perUserLimit: LIMIT, holdMs: HOLD_MS });

  const base: SoakConfig = {
    proxyPort: proxy.port,
    redisPort: server.port,
    saleId: SALE_ID,
    keyPrefix: PREFIX,
    users: 3_000,
    loops: 8,
  };
  let spawned = 0;
  const script = { buyer: 'buyer.ts', worker: 'worker.ts', sweeper: 'sweeper.ts' } as const;
  const start = async (role: Role): Promise<Process> => {
    spawned += 1;
    const config: SoakConfig =
      role === 'worker'
        ? { ...base, sinkFile: join(dir, `sink-${String(spawned)}.log`) }
        : { ...base, answersFile: join(dir, `answers-${String(spawned)}.log`) };
    const child = spawnChild(new URL(script[role], import.meta.url), [], {
      SOAK_CONFIG: JSON.stringify(config),
    });
    await child.line('started');
    return { role, child };
  };

  const live: Process[] = [];
  const finished: Process[] = [];
  for (let i = 0; i < WORKERS; i++) live.push(await start('worker'));
  live.push(await start('sweeper'));
  for (let i = 0; i < BUYERS; i++) live.push(await start('buyer'));

  const figures = { kills: 0, restarts: 0, restocked: 0, restockFailures: 0 };
  const began = Date.now();
  const endAt = began + SECONDS * 1000;
  let restarted = false;
  let nextRestock = began + 5_000;
  console.log(
    `soak: ${String(SECONDS)} s, ${String(BUYERS)} buyer and ${String(WORKERS)} worker processes, Redis on ${String(server.port)} (AOF always), proxy on ${String(proxy.port)}`,
  );
  while (Date.now() < endAt) {
    await sleep(2_000 + Math.random() * 3_000);
    if (Date.now() >= endAt) break;
    if (!restarted && Date.now() >= began + (SECONDS * 1000) / 2) {
      restarted = true;
      await server.restart();
      figures.restarts += 1;
      console.log(
        `  ${String(Math.round((Date.now() - began) / 1000))} s: Redis killed and restarted`,
      );
      continue;
    }
    const victims = live.filter((p) => p.role !== 'sweeper');
    const victim = victims[Math.floor(Math.random() * victims.length)];
    if (victim !== undefined) {
      await victim.child.kill();
      figures.kills += 1;
      live.splice(live.indexOf(victim), 1);
      finished.push(victim);
      live.push(await start(victim.role));
      console.log(
        `  ${String(Math.round((Date.now() - began) / 1000))} s: kill -9 a ${victim.role}`,
      );
    }
    if (Date.now() >= nextRestock) {
      nextRestock = Date.now() + 5_000;
      try {
        await sale.restock(50);
        figures.restocked += 50;
      } catch {
        figures.restockFailures += 1;
      }
    }
  }

  // Stop buying; let the sweeper return what is overdue and the workers deliver.
  for (const p of live.filter((q) => q.role === 'buyer')) {
    await p.child.kill();
    live.splice(live.indexOf(p), 1);
    finished.push(p);
  }
  proxy.dropRandomly(scriptOnKey(keys.meta), 0);
  const settleUntil = Date.now() + 120_000;
  for (;;) {
    const [reservations, nowMs] = await Promise.all([
      readReservations(direct, SALE_ID, keys),
      redisNowMs(direct),
    ]);
    const overdue = reservations.filter((r) => r.state === 'held' && r.deadlineMs <= nowMs);
    const alive = reservations.filter((r) => r.state === 'held' && r.deadlineMs > nowMs);
    const sink = sinkLines(dir).ids;
    const pendingEvents = reservations.flatMap(expectedEvents).filter((id) => !sink.has(id)).length;
    if (overdue.length === 0 && alive.length === 0 && pendingEvents === 0) break;
    if (Date.now() > settleUntil) {
      console.log(
        `  settling gave up: ${String(overdue.length)} overdue holds, ${String(pendingEvents)} undelivered events`,
      );
      break;
    }
    await sleep(250);
  }
  for (const p of live) {
    p.child.process.kill('SIGTERM');
    await p.child.exited();
    finished.push(p);
  }

  const result = await audit(direct, SALE_ID, keys, dir);
  const sum = (role: Role, name: string): number =>
    finished
      .filter((p) => p.role === role)
      .reduce((total, p) => total + (lastCounts(p.child)[name] ?? 0), 0);
  const untyped = sum('buyer', 'untyped error');
  const violations = [...result.violations];
  if (untyped > 0) violations.push(`${String(untyped)} untyped errors reached buyers`);
  const rows: [string, string][] = [
    ['duration', `${String(SECONDS)} s`],
    ['purchase calls (counted by buyers, ≥)', String(sum('buyer', 'purchases'))],
    ['  reserved', String(sum('buyer', 'reserved'))],
    [
      '  sold_out / insufficient_stock',
      `${String(sum('buyer', 'sold_out'))} / ${String(sum('buyer', 'insufficient_stock'))}`,
    ],
    ['  limit_reached', String(sum('buyer', 'limit_reached'))],
    ['  idempotent retries', String(sum('buyer', 'retries'))],
    ['  typed errors', typedErrors(finished)],
    ['holds (reservations in Redis)', String(result.reservations)],
    ['  holds no caller was answered with', String(result.unanswered)],
    [
      '  sold / cancelled / expired / failed / held',
      ['sold', 'cancelled', 'expired', 'failed', 'held']
        .map((k) => String(result.byEnd[k] ?? 0))
        .join(' / '),
    ],
    [
      'units loaded + restocked − withdrawn',
      `${String(result.loaded)} + ${String(result.restocked)} − ${String(result.withdrawn)}`,
    ],
    [
      'units sold / held / available',
      `${String(result.soldUnits)} / ${String(result.heldUnits)} / ${String(result.available)}`,
    ],
    ['units released', String(result.releasedUnits)],
    [
      'events delivered (distinct) / duplicates',
      `${String(result.deliveredEvents)} / ${String(result.duplicateDeliveries)}`,
    ],
    [
      'events undelivered / dead letters',
      `${String(result.missingEvents.length)} / ${String(result.deadLetters)}`,
    ],
    ['kill -9 (buyers + workers)', String(figures.kills)],
    ['Redis restarts (kill -9, AOF always)', String(figures.restarts)],
    ['replies dropped by the proxy (re-sent)', String(proxy.drops.length)],
    ['proxy connections', String(proxy.connections)],
    ['violations', String(violations.length)],
  ];
  printTable(['figure', 'value'], rows);
  for (const violation of violations) console.log(`VIOLATION: ${violation}`);

  direct.disconnect();
  await proxy.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = violations.length === 0 ? 0 : 1;
}

await main();
