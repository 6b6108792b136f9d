import { afterAll, describe, expect, it } from 'vitest';
import { lockKeys } from '../../src/lock/keys/lock-keys.js';
import { LOCK_SCRIPTS } from '../../src/lock/scripts/lock-scripts.js';
import { clusterClient, redisClient } from '../harness/clients.js';

describe('lock scripts', () => {
  const client = redisClient();
  afterAll(() => {
    client.disconnect();
  });

  it.each(LOCK_SCRIPTS.map((script) => [script.commandName, script] as const))(
    '%s: the SHA we compute is the one SCRIPT LOAD returns',
    async (_name, script) => {
      expect(script.source).not.toContain('@include');
      expect(await client.script('LOAD', script.source)).toBe(script.sha);
    },
  );

  it.each(LOCK_SCRIPTS.map((script) => [script.commandName, script] as const))(
    '%s: uses exactly the keys it declares, and its header documents every key and argument',
    (_name, script) => {
      const header = /^(--.*\n)+/.exec(script.source)?.[0] ?? '';
      const body = script.source.slice(header.length);
      const keys = new Set([...body.matchAll(/KEYS\[(\d+)\]/g)].map((match) => match[0]));
      const args = new Set([...body.matchAll(/ARGV\[(\d+)\]/g)].map((match) => match[0]));
      const declared = Array.from({ length: script.numberOfKeys }, (_, i) => `KEYS[${i + 1}]`);
      expect([...keys].sort()).toEqual(declared);
      expect(script.commandName).toMatch(/^flashSaleLock/);
      for (const name of [...keys, ...args]) expect(header).toContain(`-- ${name}`);
      expect(header).toContain('-- Returns');
    },
  );
});

describe('lock keys on a Redis Cluster', () => {
  const cluster = clusterClient();
  afterAll(() => {
    cluster.disconnect();
  });

  it.each(['orders:42', 'a{b}c', '{x}', 'x}', '{', 'ключ', 'a'.repeat(300)])(
    'the lock and fence keys of %o share one slot',
    async (name) => {
      const keys = lockKeys('lock:', name);
      const nodes = cluster.nodes('master');
      const node = nodes[0];
      if (node === undefined) throw new Error('no cluster node');
      const lockSlot = await node.cluster('KEYSLOT', keys.lock);
      expect(await node.cluster('KEYSLOT', keys.fence)).toBe(lockSlot);
    },
  );

  it('the slot follows the lock name, so different locks spread over the cluster', async () => {
    const node = cluster.nodes('master')[0];
    if (node === undefined) throw new Error('no cluster node');
    const slots = new Set<number>();
    for (let index = 0; index < 20; index++) {
      slots.add(await node.cluster('KEYSLOT', lockKeys('lock:', `item:${index}`).lock));
    }
    expect(slots.size).toBeGreaterThan(1);
  });
});
