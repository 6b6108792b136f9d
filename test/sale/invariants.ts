/**
 * Checks the brief's invariants from the raw keys of a sale, independently of the
 * library's read path: conservation, the per-user limit, and that the counters
 * agree with the reservation records themselves.
 */
import { expect } from 'vitest';
import type { SaleKeys } from '../../src/sale/sale-keys.js';
import type { AnyClient } from '../harness/clients.js';

/** Counters recomputed from the records. */
export interface Recount {
  readonly available: number;
  readonly held: number;
  readonly sold: number;
  readonly released: number;
  readonly loaded: number;
  readonly restocked: number;
  readonly withdrawn: number;
  /** units held + sold per user, from the records */
  readonly perUser: ReadonlyMap<string, number>;
}

// state|qty|created|deadline|ended|op|idemLength|<idempotency key><user> (src/sale/lua/lib/record.lua)
const RECORD = /^([a-z]+)\|(\d+)\|(\d+)\|(\d+)\|(\d*)\|([^|]*)\|(\d+)\|([\s\S]*)$/;

/**
 * Members of a sorted set through ZSCAN: ioredis-mock 8 cannot run ZRANGE under
 * ioredis 6 (its reply transformers need a protocol the mock does not report).
 */
export async function zsetMembers(client: AnyClient, key: string): Promise<string[]> {
  const members: string[] = [];
  let cursor = '0';
  do {
    const [next, flat] = await client.zscan(key, cursor, 'COUNT', 1000);
    for (let index = 0; index < flat.length; index += 2) members.push(flat[index] ?? '');
    cursor = next;
  } while (cursor !== '0');
  return members;
}

/** Asserts every invariant and returns the recount for further checks. */
export async function expectInvariants(
  client: AnyClient,
  keys: SaleKeys,
  limit: number,
): Promise<Recount> {
  const [meta, holds, ledgers, deadlines] = await Promise.all([
    client.hgetall(keys.meta),
    client.hgetall(keys.holds),
    client.hgetall(keys.users),
    zsetMembers(client, keys.deadlines),
  ]);
  const num = (name: string): number => Number(meta[name] ?? 'NaN');
  let held = 0;
  let sold = 0;
  let released = 0;
  const heldIds: string[] = [];
  const perUser = new Map<string, number>();
  for (const [id, record] of Object.entries(holds)) {
    const match = RECORD.exec(record);
    expect(match, `record of ${id}`).not.toBeNull();
    const [, state = '', qtyText = '', , , , , idemLength = '0', rest = ''] = match ?? [];
    const user = Buffer.from(rest, 'utf8').subarray(Number(idemLength)).toString('utf8');
    const qty = Number(qtyText);
    if (state === 'held') {
      held += qty;
      heldIds.push(id);
    } else if (state === 'sold') sold += qty;
    else released += qty;
    if (state === 'held' || state === 'sold') perUser.set(user, (perUser.get(user) ?? 0) + qty);
  }
  const recount = {
    available: num('available'),
    held,
    sold,
    released,
    loaded: num('loaded'),
    restocked: num('restocked'),
    withdrawn: num('withdrawn'),
    perUser,
  };
  // counters agree with the records
  expect(num('held')).toBe(held);
  expect(num('sold')).toBe(sold);
  // conservation
  expect(recount.available + held + sold).toBe(
    recount.loaded + recount.restocked - recount.withdrawn,
  );
  expect(recount.available).toBeGreaterThanOrEqual(0);
  // per-user limit, and each ledger ("<units> <ids…>") agrees with the records
  for (const [user, units] of perUser) {
    expect(units, `units of ${JSON.stringify(user)}`).toBeLessThanOrEqual(limit);
  }
  for (const [user, ledger] of Object.entries(ledgers)) {
    const [used = '', ...ids] = ledger.split(' ').filter((part, i) => i === 0 || part !== '');
    expect(Number(used), `ledger of ${JSON.stringify(user)}`).toBe(perUser.get(user) ?? 0);
    for (const id of ids)
      expect(holds[id], `${id} in the ledger of ${JSON.stringify(user)}`).toBeDefined();
  }
  for (const user of perUser.keys())
    expect(ledgers[user], `ledger of ${JSON.stringify(user)}`).toBeDefined();
  // exactly the held reservations carry a deadline
  expect([...deadlines].sort()).toEqual(heldIds.sort());
  return recount;
}
