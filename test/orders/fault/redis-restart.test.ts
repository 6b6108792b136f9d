/**
 * Redis (AOF, appendfsync always) killed with -9 and restarted: once between the
 * reservations and their delivery, once while a worker process is delivering.
 * Nothing is lost: every event reaches the sink.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { readDeadLetters } from '../../../src/index.js';
import { startRedisServer } from '../../harness/redis-server.js';
import { expectInvariants } from '../../sale/invariants.js';
import { pipelineOn, until } from '../worker/pipeline-fixture.js';
import { fileSinkLines, startWorkerProcess, stopWorkerProcess } from './fixtures/start-worker.js';
import type { Child } from '../../harness/spawn-child.js';
import { makeHistory, outboxEventIds } from './sale-history.js';

describe('a Redis restart with AOF on', () => {
  it('loses no event, before or during delivery', async () => {
    const server = await startRedisServer({
      args: ['--appendonly', 'yes', '--appendfsync', 'always'],
    });
    const client = new Redis({ port: server.port, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    const f = pipelineOn(client, 'restart');
    const dir = mkdtempSync(join(tmpdir(), 'flash-sale-restart-'));
    const file = join(dir, 'sink.log');
    let worker: Child | undefined;
    try {
      await f.sale.preload({ stock: 200, perUserLimit: 1 });
      await makeHistory(f, 60);
      const before = { ids: await outboxEventIds(f), stats: await f.sale.stats() };

      await server.kill(); // between reservation and delivery
      await server.restart();
      expect(await outboxEventIds(f)).toEqual(before.ids);
      expect(await f.sale.stats()).toMatchObject({
        held: before.stats.held,
        sold: before.stats.sold,
      });

      const resumeFile = join(dir, 'resume');
      worker = await startWorkerProcess({
        redisPort: server.port,
        prefix: f.prefix,
        saleId: 'restart',
        file,
        maxEventsPerWrite: 5,
        reclaimIdleMs: 500,
        maxAttempts: 50,
        // the sink stops after 10 lines until told: the kill lands mid-delivery
        // however fast or slow the machine is
        pauseAfterLines: 10,
        resumeFile,
      });
      await until('delivery is under way', () => fileSinkLines(file).length >= 10);
      await server.kill(); // during delivery
      await server.restart();
      expect(fileSinkLines(file).length).toBeLessThan(before.ids.length);
      writeFileSync(resumeFile, '');
      await makeHistory(f, 30, 60);
      // The restart lost nothing: the stream still holds every earlier event except
      // those the worker delivered, acknowledged and trimmed. The sink file is read
      // after the stream: an entry is written there before it is acknowledged, and
      // trimmed only after that, so every entry missing from the stream is in it.
      const kept = await outboxEventIds(f);
      const delivered = fileSinkLines(file);
      const trimmed = before.ids.filter((id) => !kept.includes(id));
      expect(trimmed).toEqual(before.ids.slice(0, trimmed.length));
      expect(trimmed.filter((id) => !delivered.includes(id))).toEqual([]);
      expect(kept.slice(0, before.ids.length - trimmed.length)).toEqual(
        before.ids.slice(trimmed.length),
      );
      const all = [...trimmed, ...kept];
      await until(
        'every event reached the sink and is acknowledged',
        async () =>
          all.every((id) => fileSinkLines(file).includes(id)) &&
          (await f.client.xpending(f.keys.events, 'orders'))[0] === 0,
        60_000,
      );
      expect(await stopWorkerProcess(worker)).toBe(0);
      expect(new Set(fileSinkLines(file))).toEqual(new Set(all));
      expect(await readDeadLetters(f.sale)).toEqual([]);
      await expectInvariants(f.client, f.keys, 1);
    } finally {
      await worker?.kill();
      await f.close().catch(() => undefined);
      client.disconnect();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
