/**
 * Worker processes in front of a sink that fails for a while, and one that always
 * rejects. Nothing is lost, nothing is sold twice, and conservation holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { readDeadLetters } from '../../../src/index.js';
import { expectInvariants } from '../../sale/invariants.js';
import { openPipeline, until, type PipelineFixture } from '../worker/pipeline-fixture.js';
import {
  fileSinkLines,
  startWorkerProcess,
  stoppedStats,
  stopWorkerProcess,
} from './fixtures/start-worker.js';
import type { Child } from '../../harness/spawn-child.js';
import { makeHistory, outboxEventIds } from './sale-history.js';

describe('a failing sink behind worker processes', () => {
  let f: PipelineFixture;
  let dir: string;
  let file: string;
  const children: Child[] = [];
  const written = (): string[] => fileSinkLines(file);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flash-sale-sink-'));
    file = join(dir, 'sink.log');
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(async (child) => child.kill()));
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const config = (saleId: string) => ({
    redisPort: inject('redisPort'),
    prefix: f.prefix,
    saleId,
    file,
    maxEventsPerWrite: 8,
    reclaimIdleMs: 1_000,
  });

  it('that recovers: every event is delivered, no hold is given up', async () => {
    f = openPipeline('redis', 'flaky');
    await f.sale.preload({ stock: 100, perUserLimit: 1 });
    await makeHistory(f, 60);
    const before = await f.sale.stats();
    const ids = await outboxEventIds(f);
    for (let i = 0; i < 2; i++) {
      children.push(
        await startWorkerProcess({
          ...config('flaky'),
          fault: 'fail-first',
          failWrites: 10,
          maxAttempts: 50,
          retryDelayMs: 50,
          maxRetryDelayMs: 400,
        }),
      );
    }
    await until('every event is written', () => ids.every((id) => written().includes(id)), 60_000);
    await until(
      'and acknowledged',
      async () => (await f.client.xpending(f.keys.events, 'orders'))[0] === 0,
    );
    for (const child of children) expect(await stopWorkerProcess(child)).toBe(0);
    // the sink really was down: writes failed, and were retried until they went through
    const stats = await Promise.all(children.map(stoppedStats));
    expect(stats.reduce((sum, s) => sum + s.failedWrites, 0)).toBeGreaterThan(0);
    expect(stats.reduce((sum, s) => sum + s.written, 0)).toBeGreaterThanOrEqual(ids.length);
    expect(new Set(written())).toEqual(new Set(ids));
    expect(await readDeadLetters(f.sale)).toEqual([]);
    expect(await f.sale.stats()).toMatchObject({
      held: before.held,
      sold: before.sold,
      available: before.available,
    });
    await expectInvariants(f.client, f.keys, 1);
  });

  it('that always rejects: every event is dead-lettered once, unpaid holds are released, paid ones stay sold', async () => {
    f = openPipeline('redis', 'rejecting');
    await f.sale.preload({ stock: 100, perUserLimit: 1 });
    const expected = await makeHistory(f, 60);
    children.push(
      await startWorkerProcess({ ...config('rejecting'), fault: 'reject', maxAttempts: 2 }),
    );
    await until(
      'every reservation has two dead letters',
      async () => (await readDeadLetters(f.sale, { count: 1000 })).length === 120,
      60_000,
    );
    await until(
      'and nothing is pending',
      async () => (await f.client.xpending(f.keys.events, 'orders'))[0] === 0,
    );
    const dead = await readDeadLetters(f.sale, { count: 1000 });
    expect(written()).toEqual([]);
    const byReservation = new Map<string, string[]>();
    for (const letter of dead) {
      const id = letter.event?.reservationId ?? '';
      byReservation.set(id, [
        ...(byReservation.get(id) ?? []),
        `${letter.event?.type ?? ''}:${letter.compensation}`,
      ]);
    }
    expect(byReservation.size).toBe(60);
    for (const [id, final] of expected) {
      const letters = byReservation.get(id);
      if (final === 'confirmed') expect(letters).toEqual(['reserved:sold', 'confirmed:none']);
      if (final === 'cancelled')
        expect(letters).toEqual(['reserved:already_released', 'cancelled:none']);
      if (final === 'reserved') expect(letters).toEqual(['reserved:released', 'failed:none']);
    }
    expect(
      dead.every((letter) => letter.attempts === 2 && letter.error === 'rejected by design'),
    ).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ held: 0, sold: 20, available: 80 });
    await expectInvariants(f.client, f.keys, 1);
  });
});
