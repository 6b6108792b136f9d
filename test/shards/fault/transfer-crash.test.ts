/**
 * kill -9 of processes in the middle of moving units between the shards of a
 * sharded sale on the 3-master cluster, many times: after a shard gave units and
 * before the other took them, after it took them and before the source settled,
 * and at random moments of a busy loop of transfers and purchases. After each
 * kill the units are all accounted for (in transit counted), and once any
 * process finishes the open transfers, none is in transit and every shard keeps
 * its own invariants.
 */
import { describe, expect, inject, it } from 'vitest';
import { spawnChild } from '../../harness/spawn-child.js';
import { expectInvariants } from '../../sale/invariants.js';
import { openSharded } from '../sharded-fixture.js';
import type { TransferFaultConfig } from './fixtures/transfer-process.js';

const STOCK = 600;
const ROUNDS: readonly Pick<TransferFaultConfig, 'fault' | 'atTransfer'>[] = [
  { fault: 'after-take', atTransfer: 1 },
  { fault: 'after-give', atTransfer: 2 },
  { fault: 'none', atTransfer: 0 },
  { fault: 'after-take', atTransfer: 5 },
  { fault: 'after-give', atTransfer: 4 },
  { fault: 'none', atTransfer: 0 },
  { fault: 'after-take', atTransfer: 3 },
  { fault: 'after-give', atTransfer: 7 },
  { fault: 'none', atTransfer: 0 },
  { fault: 'none', atTransfer: 0 },
];

describe('transfers between shards, killed mid-way', () => {
  it('lose and duplicate no unit, however often the process dies', async () => {
    const f = openSharded('cluster', 3, {}, 'crash');
    try {
      await f.sale.preload({ stock: STOCK });
      let open = 0;
      for (const [round, step] of ROUNDS.entries()) {
        const child = spawnChild(new URL('fixtures/transfer-process.ts', import.meta.url), [], {
          SHARD_FAULT: JSON.stringify({
            ports: inject('clusterPorts'),
            prefix: f.prefix,
            saleId: 'crash',
            shardCount: 3,
            ...step,
          } satisfies TransferFaultConfig),
        });
        // a fault round dies where it hangs; a busy round after some whole transfers
        await child.line(step.fault === 'none' ? `transfer ${String(round + 2)} ` : 'hanging');
        await child.kill();
        if (step.fault !== 'none') open += 1;
        const stats = await f.sale.stats();
        expect(stats.available + stats.held + stats.sold + stats.inTransit).toBe(STOCK);
        expect(stats).toMatchObject({ loaded: STOCK, restocked: 0, withdrawn: 0 });
      }
      // each fault round left its transfer open (a busy round may have left one too):
      // the shards name exactly the transfers that finishing delivers
      let named = 0;
      for (const keys of await f.shardKeys()) {
        const ids = await f.client.hget(keys.transfers, 'open');
        named += ids === null ? 0 : ids.split(' ').length;
      }
      expect(named).toBeGreaterThanOrEqual(open);
      expect(await f.sale.finishTransfers()).toBe(named);
      expect(await f.sale.finishTransfers()).toBe(0);
      const stats = await f.sale.stats();
      expect(stats.inTransit).toBe(0);
      expect(stats.available + stats.held + stats.sold).toBe(STOCK);
      for (const keys of await f.shardKeys()) await expectInvariants(f.client, keys, 1);
    } finally {
      await f.close();
    }
  }, 300_000); // ten process starts: slow on a loaded machine
});
