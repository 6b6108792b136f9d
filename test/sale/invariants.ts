/**
 * Checks the brief's invariants from the raw keys of a sale, independently of the
 * library's read path: conservation (per item and for the sale), the per-user
 * limits (the sale's and each item's), and that the counters and ledgers agree
 * with the reservation records themselves.
 */
import { expect } from 'vitest';
import type { SaleKeys } from '../../src/sale/sale-keys.js';
import type { AnyClient } from '../harness/clients.js';

/** One item's counters as stored, and recounted from the records. */
export interface ItemRecount {
  readonly available: number;
  readonly held: number;
  readonly sold: number;
  readonly loaded: number;
  readonly restocked: number;
  readonly withdrawn: number;
  /** The item's own per-user limit, 0 for none. */
  readonly limit: number;
}

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
  /** units held + sold per user and item (keyed `JSON.stringify([user, item])`), from the records */
  readonly perUserItem: ReadonlyMap<string, number>;
  /** each item's counters, checked against the records */
  readonly items: ReadonlyMap<string, ItemRecount>;
}

// state|qty|created|deadline|ended|op|idemLength|userLength|lines|<idem><user><metadata>
// (src/sale/lua/lib/record.lua)
const RECORD = /^([a-z]+)\|(\d+)\|(\d+)\|(\d+)\|(\d*)\|([^|]*)\|(\d+)\|(\d+)\|([^|]*)\|([\s\S]*)$/;
const ITEM_FIELDS = ['available', 'held', 'sold', 'loaded', 'restocked', 'withdrawn', 'limit'];

/** A stored record's parts the checks need. */
export function parseRecord(record: string): {
  state: string;
  qty: number;
  user: string;
  lines: { item: string; qty: number }[];
} | null {
  const match = RECORD.exec(record);
  if (match === null) return null;
  const [
    ,
    state = '',
    qty = '',
    ,
    ,
    ,
    ,
    idemLength = '0',
    userLength = '0',
    lines = '',
    rest = '',
  ] = match;
  const tail = Buffer.from(rest, 'utf8');
  const from = Number(idemLength);
  return {
    state,
    qty: Number(qty),
    user: tail.subarray(from, from + Number(userLength)).toString('utf8'),
    lines: lines.split(',').map((part) => {
      const [item = '', units = ''] = part.split(':');
      return { item, qty: Number(units) };
    }),
  };
}

/**
 * Members of a sorted set through ZSCAN: ioredis-mock 8 cannot run ZRANGE under
 * ioredis 6 (its reply transformers need a protocol the mock does not report).
 */
/**
 * The keeper preload puts in every hash and sorted set of a sale (src/sale/lua/lib/
 * retention.lua), so that none is ever emptied and deleted: not a record.
 */
export const KEEPER = '';

/** A sale hash's entries without its keeper, which must be there. */
export async function hashEntries(client: AnyClient, key: string): Promise<Record<string, string>> {
  const entries = await client.hgetall(key);
  expect(entries[KEEPER], `keeper of ${key}`).toBe('');
  return Object.fromEntries(Object.entries(entries).filter(([field]) => field !== KEEPER));
}

/** A sale sorted set's members without its keeper, which must be there. */
export async function zsetMembers(client: AnyClient, key: string): Promise<string[]> {
  const members: string[] = [];
  let cursor = '0';
  do {
    const [next, flat] = await client.zscan(key, cursor, 'COUNT', 1000);
    for (let index = 0; index < flat.length; index += 2) members.push(flat[index] ?? '');
    cursor = next;
  } while (cursor !== '0');
  expect(members, `keeper of ${key}`).toContain(KEEPER);
  return members.filter((member) => member !== KEEPER);
}

function add(map: Map<string, number>, key: string, units: number): void {
  map.set(key, (map.get(key) ?? 0) + units);
}

/** Asserts every invariant and returns the recount for further checks. */
export async function expectInvariants(
  client: AnyClient,
  keys: SaleKeys,
  limit: number,
): Promise<Recount> {
  const [meta, holds, ledgers, deadlines] = await Promise.all([
    client.hgetall(keys.meta),
    hashEntries(client, keys.holds),
    hashEntries(client, keys.users),
    zsetMembers(client, keys.deadlines),
  ]);
  const num = (name: string): number => Number(meta[name] ?? 'NaN');
  const items = new Map<string, ItemRecount>();
  for (const [field, value] of Object.entries(meta)) {
    if (!field.startsWith('item:')) continue;
    const numbers = value.split(' ').map(Number);
    expect(numbers.length, `item field ${field}`).toBe(ITEM_FIELDS.length);
    const [available = NaN, held = NaN, sold = NaN, loaded = NaN, restocked = NaN] = numbers;
    const [withdrawn = NaN, itemLimit = NaN] = numbers.slice(5);
    items.set(field.slice(5), {
      available,
      held,
      sold,
      loaded,
      restocked,
      withdrawn,
      limit: itemLimit,
    });
  }
  let held = 0;
  let sold = 0;
  let released = 0;
  const heldIds: string[] = [];
  const perUser = new Map<string, number>();
  const perUserItem = new Map<string, number>();
  const itemHeld = new Map<string, number>();
  const itemSold = new Map<string, number>();
  for (const [id, text] of Object.entries(holds)) {
    const record = parseRecord(text);
    expect(record, `record of ${id}`).not.toBeNull();
    if (record === null) continue;
    expect(
      record.lines.reduce((sum, line) => sum + line.qty, 0),
      `quantity of ${id}`,
    ).toBe(record.qty);
    if (record.state === 'held') {
      held += record.qty;
      heldIds.push(id);
      for (const line of record.lines) add(itemHeld, line.item, line.qty);
    } else if (record.state === 'sold') {
      sold += record.qty;
      for (const line of record.lines) add(itemSold, line.item, line.qty);
    } else released += record.qty;
    if (record.state === 'held' || record.state === 'sold') {
      add(perUser, record.user, record.qty);
      for (const line of record.lines)
        add(perUserItem, JSON.stringify([record.user, line.item]), line.qty);
    }
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
    perUserItem,
    items,
  };
  // counters agree with the records
  expect(num('held')).toBe(held);
  expect(num('sold')).toBe(sold);
  // conservation, for the sale
  expect(recount.available + held + sold).toBe(
    recount.loaded + recount.restocked - recount.withdrawn,
  );
  expect(recount.available).toBeGreaterThanOrEqual(0);
  // … and for each item, whose counters sum to the sale's
  const sums = { available: 0, held: 0, sold: 0, loaded: 0, restocked: 0, withdrawn: 0 };
  for (const [item, counts] of items) {
    expect(counts.held, `held of item ${item}`).toBe(itemHeld.get(item) ?? 0);
    expect(counts.sold, `sold of item ${item}`).toBe(itemSold.get(item) ?? 0);
    expect(counts.available, `available of item ${item}`).toBeGreaterThanOrEqual(0);
    expect(counts.available + counts.held + counts.sold, `conservation of item ${item}`).toBe(
      counts.loaded + counts.restocked - counts.withdrawn,
    );
    for (const name of Object.keys(sums) as (keyof typeof sums)[]) sums[name] += counts[name];
  }
  for (const item of [...itemHeld.keys(), ...itemSold.keys()]) {
    expect(items.has(item), `item ${item} of a record is in the catalog`).toBe(true);
  }
  if (meta['items'] !== undefined) {
    expect(items.size, 'item count').toBe(num('items'));
    for (const name of Object.keys(sums) as (keyof typeof sums)[]) {
      expect(sums[name], `sum of the items' ${name}`).toBe(num(name));
    }
  }
  // per-user limits: the sale's, and each item's own
  for (const [user, units] of perUser) {
    expect(units, `units of ${JSON.stringify(user)}`).toBeLessThanOrEqual(limit);
  }
  for (const [key, units] of perUserItem) {
    const [user, item] = JSON.parse(key) as [string, string];
    const itemLimit = items.get(item)?.limit ?? 0;
    if (itemLimit > 0) {
      expect(units, `units of item ${item} of ${JSON.stringify(user)}`).toBeLessThanOrEqual(
        itemLimit,
      );
    }
  }
  // each ledger ("<units>|<item>=<units>,…|<ids…>") agrees with the records
  for (const [user, ledger] of Object.entries(ledgers)) {
    const [used = '', perItem = '', ids = ''] = ledger.split('|');
    expect(Number(used), `ledger of ${JSON.stringify(user)}`).toBe(perUser.get(user) ?? 0);
    for (const part of perItem === '' ? [] : perItem.split(',')) {
      const [item = '', units = ''] = part.split('=');
      expect(Number(units), `item ${item} in the ledger of ${JSON.stringify(user)}`).toBe(
        perUserItem.get(JSON.stringify([user, item])) ?? 0,
      );
    }
    for (const id of ids.split(' ').filter((part) => part !== ''))
      expect(holds[id], `${id} in the ledger of ${JSON.stringify(user)}`).toBeDefined();
  }
  for (const key of perUserItem.keys()) {
    const [user, item] = JSON.parse(key) as [string, string];
    expect(ledgers[user], `ledger of ${JSON.stringify(user)}`).toContain(`${item}=`);
  }
  for (const user of perUser.keys())
    expect(ledgers[user], `ledger of ${JSON.stringify(user)}`).toBeDefined();
  // exactly the held reservations carry a deadline
  expect([...deadlines].sort()).toEqual(heldIds.sort());
  return recount;
}
