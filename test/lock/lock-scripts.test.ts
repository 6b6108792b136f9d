import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { lockKeys } from '../../src/lock/keys/lock-keys.js';
import { LOCK_SCRIPTS } from '../../src/lock/lua/lock-scripts.js';
import { LUA_SCRIPTS } from '../../src/lock/lua/scripts.generated.js';
import { clusterClient } from '../harness/clients.js';

// SHA, key count and command names of every script: test/shared/lua/generated-scripts.test.ts.
describe('lock scripts', () => {
  it.each(Object.values(LUA_SCRIPTS).map((script) => [script.name, script] as const))(
    '%s: its header documents every key and argument it uses, and what it returns',
    (_name, script) => {
      const file = new URL(
        `../../src/lock/lua/${script.name}-${String(script.numberOfKeys)}.lua`,
        import.meta.url,
      );
      const header = /^(--.*\n)+/.exec(readFileSync(file, 'utf8'))?.[0] ?? '';
      const used = [...script.source.matchAll(/(KEYS|ARGV)\[(\d+)\]/g)].map((match) => match[0]);
      expect(used.length).toBeGreaterThan(0);
      for (const name of new Set(used)) expect(header).toContain(`-- ${name}`);
      expect(header).toContain('-- Returns');
    },
  );

  it('every lock command is named after the lock', () => {
    expect(LOCK_SCRIPTS).toHaveLength(Object.keys(LUA_SCRIPTS).length);
    for (const script of LOCK_SCRIPTS) expect(script.commandName).toMatch(/^flashSaleLock/);
  });
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
