/**
 * A sweeper never fails silently. Without an `onError` it warns once per kind of
 * error; and its batch bound is the one `expire` accepts, so a sweep at the
 * largest allowed batch really releases (once it accepted 10,000 and every sweep
 * failed unseen).
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ExpirySweeper,
  FlashSale,
  isRedisUnavailableError,
  MAX_RELEASES_PER_CALL,
  type Reservation,
} from '../../../src/index.js';
import { unreachableClient } from '../../harness/clients.js';
import { expectInvariants } from '../../sale/invariants.js';
import { last, mustReserve, pastDeadline } from '../../sale/purchase-helpers.js';
import { openPipeline } from '../worker/pipeline-fixture.js';

describe('an ExpirySweeper without onError', () => {
  let offline: Redis;
  beforeAll(async () => {
    offline = await unreachableClient();
  });
  afterAll(() => {
    offline.disconnect();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('warns once per kind of error, naming the sale, and keeps sweeping', async () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const sale = new FlashSale({ redis: offline, saleId: 'drop' });
    const sweeper = new ExpirySweeper({ sales: [sale] });
    expect(await sweeper.sweep()).toBe(0);
    expect(await sweeper.sweep()).toBe(0); // the same outage again: not repeated
    expect(warnings).toHaveBeenCalledTimes(1);
    const [message, options] = warnings.mock.calls[0] ?? [];
    expect(String(message)).toMatch(/^ExpirySweeper could not sweep sale "drop": /);
    expect(String(message)).toContain('RedisUnavailableError/REDIS_UNAVAILABLE');
    expect(options).toEqual({ type: 'FlashSaleWarning', code: 'FLASH_SALE_SWEEP_FAILED' });

    const broken = new Error('a different failure');
    vi.spyOn(sale, 'expire').mockRejectedValue(broken);
    await sweeper.sweep();
    await sweeper.sweep();
    expect(warnings).toHaveBeenCalledTimes(2); // a new kind: reported once too
    expect(String(warnings.mock.calls[1]?.[0])).toContain('a different failure');
  });

  it('each sweeper warns on its own; one with onError does not warn at all', async () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const sale = new FlashSale({ redis: offline, saleId: 'drop' });
    const seen: unknown[] = [];
    const handled = new ExpirySweeper({
      sales: [sale],
      onError: (error, saleId) => seen.push([saleId, isRedisUnavailableError(error)]),
    });
    await handled.sweep();
    await handled.sweep();
    expect(seen).toEqual([
      ['drop', true],
      ['drop', true],
    ]);
    expect(warnings).not.toHaveBeenCalled();
    await new ExpirySweeper({ sales: [sale] }).sweep();
    await new ExpirySweeper({ sales: [sale] }).sweep();
    expect(warnings).toHaveBeenCalledTimes(2);
  });
});

describe('the sweeper’s batch bound is expire’s', () => {
  it('sweeps at the largest batch it accepts, without an error', async () => {
    const f = openPipeline('redis');
    try {
      await f.sale.preload({ stock: 10, perUserLimit: 1, holdMs: 50 });
      const held: Reservation[] = [];
      for (let i = 0; i < 5; i++) held.push(await mustReserve(f.sale, `u${String(i)}`));
      await pastDeadline(f.sale, last(held), f.clockSlackMs);
      const errors: unknown[] = [];
      const sweeper = new ExpirySweeper({
        sales: [f.sale],
        maxReleasesPerCall: MAX_RELEASES_PER_CALL,
        onError: (error) => errors.push(error),
      });
      expect(await sweeper.sweep()).toBe(5);
      expect(errors).toEqual([]);
      expect(await f.sale.stats()).toMatchObject({ available: 10, held: 0 });
      await expectInvariants(f.client, f.keys, 1);
    } finally {
      await f.close();
    }
  });
});
