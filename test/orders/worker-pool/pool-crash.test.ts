/**
 * kill -9 of a pool process after a sink write, before its acknowledgement; a
 * second pool process then reclaims the abandoned batch and delivers the rest.
 * Every event reaches the sink at least once, and exactly the batch in flight at
 * the crash twice. One sale at a time in the crashing pool, so exactly one batch
 * is in flight when it hangs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { redisClient } from '../../harness/clients.js';
import { spawnChild, type Child } from '../../harness/spawn-child.js';
import { fileSinkLines, stopWorkerProcess } from '../fault/fixtures/start-worker.js';
import { until } from '../worker/pipeline-fixture.js';
import type { PoolConfig } from './fixtures/pool-process.js';
import { openShop, type Shop } from './shop.js';

/** Entries pending in a sale's group; 0 before the group exists (not read yet). */
async function pendingOf(f: Shop['sales'][number]): Promise<number> {
  // the group's pending count; a stream nobody has read yet has no group
  const groups =
    (await f.client.exists(f.keys.events)) === 1
      ? await f.client.xinfo('GROUPS', f.keys.events)
      : [];
  if (!Array.isArray(groups) || groups.length === 0) return 0;
  return Number((await f.client.xpending(f.keys.events, 'orders'))[0]);
}

async function startPoolProcess(config: PoolConfig): Promise<Child> {
  const child = spawnChild(new URL('fixtures/pool-process.ts', import.meta.url), [], {
    POOL_PROCESS: JSON.stringify(config),
  });
  await child.line('started');
  return child;
}

describe('a pool process killed between a write and its acknowledgement', () => {
  it('loses nothing: the next pool reclaims the batch and writes it again', async () => {
    const client = redisClient();
    const shop = await openShop(client, 10, 3);
    const dir = mkdtempSync(join(tmpdir(), 'pool-crash-'));
    const file = join(dir, 'sink.log');
    const children: Child[] = [];
    try {
      const base = {
        redisPort: inject('redisPort'),
        sales: shop.sales.map((f) => ({ saleId: f.sale.saleId, keyPrefix: f.prefix })),
        file,
        maxEventsPerWrite: 3,
        // long enough that a stalled live pool's own entries never look abandoned
        reclaimIdleMs: 1_500,
      };
      const crashing = await startPoolProcess({
        ...base,
        maxConcurrentSales: 1,
        hangAfterBatch: 4,
      });
      children.push(crashing);
      await crashing.line('hung 4');
      const hung = fileSinkLines(file).slice(-3);
      await crashing.kill();
      let pending = 0;
      for (const f of shop.sales) pending += await pendingOf(f);
      expect(pending).toBe(3); // the hung batch, written, never acknowledged

      const next = await startPoolProcess({ ...base, maxConcurrentSales: 4 });
      children.push(next);
      const all = [...shop.expected.values()].flat();
      await until(
        'every event is written and acknowledged',
        async () => {
          const waiting = await Promise.all(shop.sales.map(pendingOf));
          return fileSinkLines(file).length >= all.length + 3 && waiting.every((n) => n === 0);
        },
        60_000,
      );
      expect(await stopWorkerProcess(next)).toBe(0);
      const lines = fileSinkLines(file);
      expect(new Set(lines)).toEqual(new Set(all));
      const twice = lines.filter((id, index) => lines.indexOf(id) !== index);
      expect(twice.sort()).toEqual([...hung].sort());
      const stats = next.lines.find((line) => line.startsWith('stopped ')) ?? '';
      expect(JSON.parse(stats.slice('stopped '.length))).toMatchObject({ reclaimed: 3 });
    } finally {
      for (const child of children) await child.kill().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      await shop.close();
      client.disconnect();
    }
  });
});
