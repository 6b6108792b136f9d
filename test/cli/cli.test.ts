/**
 * The `flash-sale` command, run as the built binary (`node dist/cli.js`) against
 * the harness's private Redis (and its Cluster): each command's output, parsed
 * from --json, against the sale's own numbers read in-process; exit codes for
 * bad input (1), bad usage (2) and an unreachable Redis (1, fast).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  FlashSale,
  type HeldReservation,
  type ItemStats,
  type SaleStats,
} from '../../src/index.js';
import { outboxKeys } from '../../src/orders/outbox/outbox-keys.js';
import { saleKeys } from '../../src/sale/sale-keys.js';
import { PACKAGE_VERSION } from '../../src/shared/version.generated.js';
import { clusterClient, redisClient, uniquePrefix, type AnyClient } from '../harness/clients.js';
import { freePort } from '../harness/free-port.js';
import { mustReserve, pastDeadline } from '../sale/purchase-helpers.js';
import { ensureBuilt, interruptAfter, jsonOf, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flash-sale-cli-'));
// a build (only when dist/ is older than the sources) takes up to a minute on a loaded machine
beforeAll(() => {
  ensureBuilt();
}, 300_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A file of the test's own holding `content`. */
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface CliSale {
  readonly sale: FlashSale;
  readonly client: AnyClient;
  /** The connection and sale flags for the command. */
  readonly flags: readonly string[];
  close(): Promise<void>;
}

function openCliSale(saleId: string, onCluster = false): CliSale {
  const prefix = uniquePrefix('cli');
  const client = onCluster ? clusterClient() : redisClient();
  const connection = onCluster
    ? [
        '--cluster',
        inject('clusterPorts')
          .map((port) => `127.0.0.1:${String(port)}`)
          .join(','),
      ]
    : ['--redis', `redis://127.0.0.1:${String(inject('redisPort'))}`];
  return {
    sale: new FlashSale({ redis: client, saleId, keyPrefix: prefix }),
    client,
    flags: [...connection, '--key-prefix', prefix, '--sale', saleId],
    async close() {
      const keys = saleKeys(prefix, saleId);
      await client.del(...keys.all, outboxKeys(keys, 'orders').dead);
      client.disconnect();
    },
  };
}

/** The numbers of a stats reading, without the instant it was read. */
function numbers(stats: SaleStats): Omit<SaleStats, 'nowMs'> {
  return Object.fromEntries(Object.entries(stats).filter(([key]) => key !== 'nowMs')) as Omit<
    SaleStats,
    'nowMs'
  >;
}

interface StatsJson {
  sale: SaleStats;
  items: ItemStats[];
  itemsTruncated: boolean;
}

describe('flash-sale command', () => {
  let s: CliSale;
  afterEach(async () => {
    await s.close();
  });

  it('preloads from a file, and stats prints what the sale itself reports', async () => {
    s = openCliSale('drop');
    const catalog = file(
      'catalog.json',
      JSON.stringify({
        items: [
          { id: 'phone', stock: 10, perUserLimit: 2 },
          { id: 'case', stock: 50 },
        ],
        perUserLimit: 3,
        holdMs: 600_000,
      }),
    );
    expect(
      jsonOf(await runCli(['preload', '--file', catalog, '--json', ...s.flags])),
    ).toMatchObject({
      outcome: 'created',
      stats: { saleId: 'drop', items: 2, available: 60 },
    });
    const a = await s.sale.tryPurchaseCart('u1', {
      lines: [
        { item: 'phone', quantity: 2 },
        { item: 'case', quantity: 1 },
      ],
    });
    if (!a.ok) throw new Error(a.reason);
    const b = await s.sale.tryPurchase('u2', { item: 'case' });
    if (!b.ok) throw new Error(b.reason);
    await s.sale.confirm(b.reservation.id);

    const printed = jsonOf(await runCli(['stats', '--json', ...s.flags])) as StatsJson;
    expect(numbers(printed.sale)).toEqual(numbers(await s.sale.stats()));
    expect(printed.sale).toMatchObject({ held: 3, sold: 1, available: 56 });
    const own = await s.sale.itemStats(['case', 'phone']);
    expect(printed.items).toEqual(own.items);
    expect(printed.itemsTruncated).toBe(false);

    // --max-items bounds the item table and says so
    const bounded = jsonOf(
      await runCli(['stats', '--json', '--max-items', '1', ...s.flags]),
    ) as StatsJson;
    expect(bounded.items).toHaveLength(1);
    expect(bounded.itemsTruncated).toBe(true);

    const human = await runCli(['stats', ...s.flags]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^phase\s+open$/m);
    expect(human.stdout).toMatch(/^phone\s+8\s+2\s+0\s+10\s+0\s+0\s+2$/m);
    expect(human.stdout).toMatch(/^case\s+48\s+1\s+1\s+50\s+0\s+0\s+1$/m);

    // the same preload again changes nothing
    expect(
      jsonOf(await runCli(['preload', '--file', catalog, '--json', ...s.flags])),
    ).toMatchObject({
      outcome: 'unchanged',
    });
  });

  it('refuses a bad preload file with exit code 1, naming the bad value, and writes nothing', async () => {
    s = openCliSale('bad');
    const bad = await runCli([
      'preload',
      '--file',
      file(
        'bad.json',
        JSON.stringify({
          items: [
            { id: 'a', stock: 1 },
            { id: 'b', stock: -4 },
          ],
        }),
      ),
      ...s.flags,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: items\[1\]\.stock .*-4/m);
    expect(bad.stdout).toBe('');
    const notJson = await runCli([
      'preload',
      '--file',
      file('broken.json', '{ "stock": '),
      ...s.flags,
    ]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^error: .*broken\.json is not JSON/m);
    const missing = await runCli(['preload', '--file', join(dir, 'absent.json'), ...s.flags]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot read .*absent\.json/m);
    const unknownKey = await runCli([
      'preload',
      '--file',
      file('typo.json', '{"stock": 5, "holdMS": 1}'),
      ...s.flags,
    ]);
    expect(unknownKey.code).toBe(1);
    expect(unknownKey.stderr).toMatch(/holdMS/);
    expect((await s.sale.stats()).phase).toBe('not_loaded');
  });

  it('watch prints one JSON line per refresh and stops after --count', async () => {
    s = openCliSale('watched');
    await s.sale.preload({ stock: 7 });
    const run = await runCli([
      'watch',
      '--json',
      '--count',
      '3',
      '--interval-ms',
      '50',
      ...s.flags,
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as StatsJson);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(numbers(line.sale)).toEqual(numbers(await s.sale.stats()));
      expect(line.items).toEqual([expect.objectContaining({ item: 'default', available: 7 })]);
    }
    // Ctrl-C ends it cleanly, exit code 0
    const stopped = await interruptAfter(
      ['watch', '--json', '--interval-ms', '100', ...s.flags],
      2,
    );
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toBe('');
    expect(stopped.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2);
    const human = await runCli(['watch', '--count', '2', '--interval-ms', '50', ...s.flags]);
    expect(human.code).toBe(0);
    expect(human.stdout.match(/^phase\s+open$/gm)).toHaveLength(2);
  });

  it('holds lists the held reservations, filtered and paged', async () => {
    s = openCliSale('held');
    await s.sale.preload({
      items: [
        { id: 'a', stock: 10, perUserLimit: 3 },
        { id: 'b', stock: 10, perUserLimit: 3 },
      ],
    });
    const buy = async (user: string, item: string) => {
      const result = await s.sale.tryPurchase(user, { item });
      if (!result.ok) throw new Error(result.reason);
      return result.reservation;
    };
    const h1 = await buy('u1', 'a');
    const h2 = await buy('u2', 'b');
    const h3 = await buy('u1', 'b');
    await s.sale.confirm((await buy('u3', 'a')).id);
    const ids = async (...args: string[]) => {
      const page = jsonOf(await runCli(['holds', '--json', ...args, ...s.flags])) as {
        holds: HeldReservation[];
        cursor: string | null;
      };
      return { ids: page.holds.map((hold) => hold.id), cursor: page.cursor, holds: page.holds };
    };
    const all = await ids();
    expect([...all.ids].sort()).toEqual([h1.id, h2.id, h3.id].sort());
    expect(all.cursor).toBeNull();
    const own = await s.sale.heldReservations();
    expect(all.holds).toEqual(own.holds);
    expect((await ids('--user', 'u1')).ids.sort()).toEqual([h1.id, h3.id].sort());
    expect((await ids('--item', 'b')).ids.sort()).toEqual([h2.id, h3.id].sort());
    expect((await ids('--overdue')).ids).toEqual([]);

    const first = await ids('--limit', '2');
    expect(first.ids).toHaveLength(2);
    expect(first.cursor).not.toBeNull();
    const second = await ids('--limit', '2', '--cursor', first.cursor ?? '');
    expect([...first.ids, ...second.ids]).toEqual(all.ids);
    expect(second.cursor).toBeNull();

    const human = await runCli(['holds', '--user', 'u2', ...s.flags]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(h2.id);
    expect(human.stdout).toMatch(/^1 held$/m);
  });

  it('expire releases overdue holds and prints them', async () => {
    s = openCliSale('late');
    await s.sale.preload({ stock: 5, perUserLimit: 2, holdMs: 1000 });
    const a = await mustReserve(s.sale, 'u1');
    const b = await mustReserve(s.sale, 'u2');
    await pastDeadline(s.sale, b, 0);
    const overdue = jsonOf(await runCli(['holds', '--overdue', '--json', ...s.flags])) as {
      holds: HeldReservation[];
    };
    // two holds made in one millisecond share a deadline: then ordered by id
    expect(overdue.holds.map((hold) => [hold.id, hold.overdue]).sort()).toEqual(
      [
        [a.id, true],
        [b.id, true],
      ].sort(),
    );
    const result = jsonOf(await runCli(['expire', '--json', ...s.flags])) as {
      released: { id: string; releaseReason: string }[];
      more: boolean;
    };
    expect(result.released.map((r) => [r.id, r.releaseReason]).sort()).toEqual(
      [
        [a.id, 'expired'],
        [b.id, 'expired'],
      ].sort(),
    );
    expect(result.more).toBe(false);
    expect(await s.sale.stats()).toMatchObject({ held: 0, available: 5, overdueHolds: 0 });
    const again = await runCli(['expire', ...s.flags]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^0 released$/m);
  });

  it('dead-letters list, redrive and remove', async () => {
    s = openCliSale('dead');
    await s.sale.preload({ stock: 5 });
    await mustReserve(s.sale, 'u1');
    await mustReserve(s.sale, 'u2');
    // dead letters made by hand from the sale's real outbox entries
    const keys = saleKeys(s.sale.keyPrefix, 'dead');
    const dead = outboxKeys(keys, 'orders').dead;
    const entries = await s.client.xrange(keys.events, '-', '+');
    const letterIds: string[] = [];
    for (const [id, flat] of entries) {
      const extra = ['entry', id, 'attempts', '3', 'error', 'sink down', 'compensation', 'none'];
      letterIds.push(String(await s.client.xadd(dead, '*', ...flat, ...extra)));
    }
    expect(letterIds).toHaveLength(2);

    const listed = jsonOf(await runCli(['dead-letters', 'list', '--json', ...s.flags])) as {
      deadLetters: { id: string; error: string; event: { userId: string } }[];
    };
    expect(listed.deadLetters.map((d) => [d.id, d.error, d.event.userId])).toEqual([
      [letterIds[0], 'sink down', 'u1'],
      [letterIds[1], 'sink down', 'u2'],
    ]);
    const human = await runCli(['dead-letters', 'list', ...s.flags]);
    expect(human.stdout).toMatch(/^2 dead letter\(s\)$/m);

    const redriven = jsonOf(
      await runCli(['dead-letters', 'redrive', '--user', 'u1', '--json', ...s.flags]),
    ) as { count: number; redriven: { deadLetterId: string }[] };
    expect(redriven.count).toBe(1);
    expect(redriven.redriven.map((r) => r.deadLetterId)).toEqual([letterIds[0]]);

    const removed = jsonOf(
      await runCli(['dead-letters', 'remove', letterIds[1] ?? '', '--json', ...s.flags]),
    );
    expect(removed).toEqual({ removed: 1 });
    expect(await s.client.xlen(dead)).toBe(0);

    const noSelection = await runCli(['dead-letters', 'redrive', ...s.flags]);
    expect(noSelection.code).toBe(2);
    expect(noSelection.stderr).toMatch(/^error: redrive takes exactly one of/m);
    const badId = await runCli(['dead-letters', 'remove', 'not-an-id', ...s.flags]);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/^error: .*not-an-id/m);
  });

  it('reconcile compares with the store through the sink module it is given', async () => {
    s = openCliSale('reconciled');
    // no outbox: nothing is in flight, and nothing can be re-emitted
    await s.sale.preload({ stock: 5, outbox: false });
    const held = [await mustReserve(s.sale, 'a'), await mustReserve(s.sale, 'b')];
    const emptyStore = file(
      'empty-store.mjs',
      'export default { async write() {}, async lookup() { return new Map(); } };',
    );
    const report = await runCli(['reconcile', '--sink', emptyStore, '--json', ...s.flags]);
    expect(report.code).toBe(0);
    const result = jsonOf(report) as {
      scanned: number;
      counts: Record<string, number>;
      unrepaired: { reservationId: string }[];
    };
    expect(result.scanned).toBe(2);
    expect(result.counts).toMatchObject({ missing: 2, stale: 0, conflict: 0 });
    expect(result.unrepaired.map((d) => d.reservationId).sort()).toEqual(
      held.map((r) => r.id).sort(),
    );
    const table = await runCli(['reconcile', '--sink', emptyStore, ...s.flags]);
    expect(table.stdout).toMatch(/^missing\s+2$/m);
    const failing = await runCli([
      'reconcile',
      '--sink',
      emptyStore,
      '--fail-on-drift',
      ...s.flags,
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/^error: 2 drifts left unrepaired/m);
    const notASink = await runCli([
      'reconcile',
      '--sink',
      file('not-a-sink.mjs', 'export default 42;'),
      ...s.flags,
    ]);
    expect(notASink.code).toBe(1);
    expect(notASink.stderr).toMatch(/must export/);
  });

  it('works on a Cluster through --cluster seed nodes', async () => {
    s = openCliSale('clustered', true);
    await s.sale.preload({ stock: 4 });
    await mustReserve(s.sale, 'u1');
    const printed = jsonOf(await runCli(['stats', '--json', ...s.flags])) as StatsJson;
    expect(numbers(printed.sale)).toEqual(numbers(await s.sale.stats()));
    const holds = jsonOf(await runCli(['holds', '--json', ...s.flags])) as { holds: unknown[] };
    expect(holds.holds).toHaveLength(1);
  });

  it('takes the server from FLASH_SALE_REDIS_URL', async () => {
    s = openCliSale('env');
    await s.sale.preload({ stock: 3 });
    const flags = s.flags.slice(2); // without --redis
    const run = await runCli(['stats', '--json', ...flags], {
      FLASH_SALE_REDIS_URL: `redis://127.0.0.1:${String(inject('redisPort'))}`,
    });
    expect((jsonOf(run) as StatsJson).sale.available).toBe(3);
  });
});

describe('flash-sale command failures', () => {
  it('fails fast with exit code 1 when Redis cannot be reached', async () => {
    const port = await freePort();
    const run = await runCli([
      'stats',
      '--redis',
      `redis://127.0.0.1:${String(port)}`,
      '--sale',
      's',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: cannot connect to Redis at redis://127\\.0\\.0\\.1:${String(port)}.*ECONNREFUSED`,
        'm',
      ),
    );
    const cluster = await runCli([
      'stats',
      '--cluster',
      `127.0.0.1:${String(port)}`,
      '--sale',
      's',
    ]);
    expect(cluster.code).toBe(1);
    expect(cluster.stderr).toMatch(/^error: cannot connect to Redis at cluster /m);
  });

  it('answers bad usage with exit code 2', async () => {
    const redis = ['--redis', `redis://127.0.0.1:${String(inject('redisPort'))}`];
    const cases = [
      ['stats', ...redis], // no --sale
      ['nonsense', '--sale', 's', ...redis],
      ['holds', '--limit', '0', '--sale', 's', ...redis],
      ['watch', '--interval-ms', 'soon', '--sale', 's', ...redis],
      ['preload', '--sale', 's', ...redis], // no --file
      ['stats', '--sale', 's', '--redis', 'http://example.com'],
      ['stats', '--sale', 's', '--cluster', 'no-port'],
    ];
    const runs = await Promise.all(cases.map(async (args) => ({ args, run: await runCli(args) })));
    for (const { args, run } of runs) {
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(/^error: /m);
    }
  });

  it('refuses a malformed sale id with exit code 1 before connecting', async () => {
    const port = await freePort(); // nothing listens: the id is refused first
    const run = await runCli([
      'stats',
      '--redis',
      `redis://127.0.0.1:${String(port)}`,
      '--sale',
      'a b',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: saleId /m);
  });

  it('prints its help and version with exit code 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['stats', 'watch', 'holds', 'dead-letters', 'preload', 'expire']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    const version = await runCli(['--version']);
    expect(version).toEqual({ code: 0, stdout: `${PACKAGE_VERSION}\n`, stderr: '' });
  });
});
