/**
 * A master of a 3-master cluster killed (kill -9) and restarted mid-sale, with AOF
 * `appendfsync always` and `cluster-require-full-coverage no` (docs/scaling.md):
 * while it is down, buyers homed on its shard get typed errors fast and lose
 * nothing, buyers homed elsewhere keep buying; after the restart every hold made
 * before the kill is still there, the shard sells again, and the units add up
 * exactly over the shards.
 */
import { Cluster } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  homeShard,
  isRedisTimeoutError,
  isRedisUnavailableError,
  ShardedSale,
} from '../../../src/index.js';
import { saleKeys } from '../../../src/sale/sale-keys.js';
import { startRedisCluster } from '../../harness/redis-cluster.js';
import { expectInvariants } from '../../sale/invariants.js';
import { usersHomedOn } from '../sharded-fixture.js';

const STOCK = 300;

describe('a master of a sharded sale killed and restarted', () => {
  it('keeps what was written before the kill and the units exact after it', async () => {
    const cluster = await startRedisCluster(3, {
      args: [
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--cluster-require-full-coverage',
        'no',
      ],
    });
    const client = new Cluster(
      cluster.ports.map((port) => ({ host: '127.0.0.1', port })),
      { redisOptions: { maxRetriesPerRequest: 1 } },
    );
    client.on('error', () => undefined);
    try {
      const sale = new ShardedSale({
        redis: client,
        saleId: 'restart',
        keyPrefix: 'fault:',
        shardCount: 3,
        commandTimeoutMs: 1_000,
        rememberSoldOut: false,
      });
      await sale.preload({ stock: STOCK, perUserLimit: 1 });
      const shards = await sale.shards();
      const before = new Map<string, string>();
      for (let n = 0; n < 60; n++) {
        const result = await sale.tryPurchase(`early-${String(n)}`);
        if (!result.ok) throw new Error(result.reason);
        before.set(result.reservation.id, result.reservation.userId);
      }
      // the master that holds shard 0
      const meta0 = saleKeys('fault:', shards[0]?.saleId ?? '').meta;
      const slot = await client.cluster('KEYSLOT', meta0);
      let victim = -1;
      for (const [index, node] of client.nodes('master').entries()) {
        if ((await node.cluster('COUNTKEYSINSLOT', slot)) > 0) victim = index;
      }
      const master = cluster.nodes.find(
        (node) => node.port === client.nodes('master')[victim]?.options.port,
      );
      if (master === undefined) throw new Error('no master holds shard 0');
      await master.kill();

      const [down] = usersHomedOn(0, 3, 1, homeShard);
      const [up] = usersHomedOn(1, 3, 1, homeShard);
      // the dead shard's buyer: a typed infrastructure error, not a hang and not a sale
      await expect(sale.tryPurchase(down ?? '')).rejects.toSatisfy(
        (error) => isRedisUnavailableError(error) || isRedisTimeoutError(error),
      );
      // a buyer homed on a live master still buys
      expect((await sale.tryPurchase(up ?? '')).ok).toBe(true);

      await master.restart();
      await cluster.untilOk();
      let sold = false;
      for (let attempt = 0; attempt < 200 && !sold; attempt++) {
        sold = await sale.tryPurchase(down ?? '').then(
          (result) => result.ok,
          () => false,
        );
        if (!sold) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(sold).toBe(true);
      for (const [id, userId] of before) {
        expect(await sale.reservation(id)).toMatchObject({ id, userId, state: 'held' });
      }
      const stats = await sale.stats();
      expect(stats.held).toBe(before.size + 2);
      expect(stats.available + stats.held + stats.sold + stats.inTransit).toBe(STOCK);
      for (const shard of shards) {
        await expectInvariants(client, saleKeys('fault:', shard.saleId), 1);
      }
    } finally {
      client.disconnect();
      await cluster.stop();
    }
  }, 120_000);
});
