/**
 * A flash crowd on real Redis: 5,000 buyers over 20 connections for 100 units,
 * with repeated user ids, retries with the same idempotency key, cancels, unpaid
 * holds that expire, and expire() racing from several callers. Every invariant of
 * the brief is checked with exact counts.
 */
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { FlashSale, isReservationReleasedError, type PurchaseResult } from '../../src/index.js';
import { saleKeys } from '../../src/sale/sale-keys.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';
import { expectInvariants, hashEntries } from './invariants.js';

const BUYERS = 5000;
const DISTINCT_USERS = 3500; // so about 1,500 buyers reuse a user id
const CONNECTIONS = 20;
const STOCK = 100;
const LIMIT = 2;
const HOLD_MS = 150;

// A deterministic generator, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('a flash crowd on real Redis', () => {
  const prefix = uniquePrefix('crowd');
  const clients = Array.from({ length: CONNECTIONS }, () => redisClient());
  // Half the connections coalesce purchases, half send one script call each.
  const sales = clients.map(
    (client, i) =>
      new FlashSale({
        redis: client,
        saleId: 'crowd',
        keyPrefix: prefix,
        maxBatchSize: i % 2 === 0 ? 64 : 1,
        // a correctness test: a starved CI machine must not turn into a timeout failure
        commandTimeoutMs: 30_000,
      }),
  );
  const keys = saleKeys(prefix, 'crowd');
  afterAll(async () => {
    await clients[0]?.del(...keys.all);
    for (const client of clients) client.disconnect();
  });

  it('sells exactly the stock, respects limits and conservation, and resells every released unit', async () => {
    const first = sales[0];
    const observer: Redis | undefined = clients[0];
    if (!first || !observer) throw new Error('no connections');
    await first.preload({ stock: STOCK, perUserLimit: LIMIT, holdMs: HOLD_MS });
    const rand = random(42);
    const tally = {
      reserved: 0,
      replayPairs: 0,
      cancelled: 0,
      confirmed: 0,
      refusedLate: 0,
      refusedAfterRelease: 0,
      expiredByCall: 0,
      cancelAfterExpiry: 0,
    };
    const samples: string[] = [];
    // Who released each expired hold: sweepers, late confirms (purchases that
    // needed the units, and cancels that came too late, release the rest).
    const sweptIds: string[] = [];
    const lateIds: string[] = [];
    const run = { going: true };

    // Conservation at instants: each stats() is one atomic read.
    const sampler = (async () => {
      while (run.going) {
        const s = await first.stats();
        if (s.available + s.held + s.sold !== STOCK || s.held + s.sold > STOCK || s.available < 0) {
          samples.push(JSON.stringify(s));
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    // Several processes' sweepers racing.
    const sweepers = sales.slice(0, 4).map(async (sale) => {
      while (run.going) {
        // (read the result first: `x += await …` would read x before awaiting)
        const { released } = await sale.expire({ maxBatchSize: 10 });
        tally.expiredByCall += released.length;
        sweptIds.push(...released.map((r) => r.id));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });

    const buyer = async (index: number): Promise<void> => {
      const sale = sales[index % CONNECTIONS] ?? first;
      const user = `user-${String(Math.floor(rand() * DISTINCT_USERS))}`;
      const quantity = rand() < 0.2 ? 2 : 1;
      const options = { quantity, idempotencyKey: `req-${String(index)}` };
      const retry = rand() < 0.1;
      const fate = rand();
      const attempts: Promise<PurchaseResult>[] = [sale.tryPurchase(user, options)];
      if (retry)
        attempts.push((sales[(index + 7) % CONNECTIONS] ?? first).tryPurchase(user, options));
      const answers = await Promise.all(attempts);
      // Retries of one request never make a second reservation: every successful
      // answer carries the same id. (Refusals are not remembered, so a retry that
      // lands after stock came back may succeed where the first was refused.)
      const granted = answers.flatMap((a) => (a.ok ? [a] : []));
      expect(new Set(granted.map((a) => a.reservation.id)).size).toBeLessThanOrEqual(1);
      if (granted.length === 2) tally.replayPairs++;
      const result = granted[0];
      if (result === undefined) return;
      tally.reserved++;
      const id = result.reservation.id;
      if (fate < 0.3) {
        // Under load the deadline can pass first: then the hold is already expired.
        const released = await sale.cancel(id);
        if (released.releaseReason === 'cancelled') tally.cancelled++;
        else tally.cancelAfterExpiry++;
      } else if (fate < 0.8) {
        try {
          await sale.confirm(id);
          tally.confirmed++;
        } catch (error) {
          if (!isReservationReleasedError(error)) throw error;
          // paid after the deadline: refused, unit back in stock. A sweeper may have
          // released it first; count only the releases this confirm made.
          if (error.releasedByThisCall) {
            tally.refusedLate++;
            lateIds.push(id);
          } else tally.refusedAfterRelease++;
        }
      } // else: never pays; the sweepers expire it
    };

    try {
      // Buyers arrive in waves so released units meet fresh demand.
      for (let wave = 0; wave < 10; wave++) {
        await Promise.all(
          Array.from({ length: BUYERS / 10 }, (_, i) => buyer(wave * (BUYERS / 10) + i)),
        );
      }
      // Let every remaining hold run out, then sweep until nothing is overdue.
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 50));
    } finally {
      run.going = false;
      await Promise.all([sampler, ...sweepers]);
    }
    for (let more = true; more;) {
      const r = await first.expire();
      tally.expiredByCall += r.released.length;
      sweptIds.push(...r.released.map((released) => released.id));
      more = r.more;
    }

    expect(samples).toEqual([]);
    const recount = await expectInvariants(observer, keys, LIMIT);
    expect(recount.held).toBe(0);
    // Every reservation made is one record; replays made none.
    const byId = await hashEntries(observer, keys.holds);
    expect(Object.keys(byId)).toHaveLength(tally.reserved);
    const records = Object.values(byId);
    const count = (state: string): number =>
      records.filter((r) => r.startsWith(`${state}|`)).length;
    const expiredIds = new Set(
      Object.keys(byId).filter((id) => byId[id]?.startsWith('expired|') === true),
    );
    expect(count('cancelled')).toBe(tally.cancelled);
    expect(count('sold')).toBe(tally.confirmed);
    expect(count('expired')).toBe(tally.reserved - tally.cancelled - tally.confirmed);
    // An expired hold was released once: no id twice among the sweepers' and late
    // confirms' releases, and each of them is an expired record. The rest were
    // released by purchases that needed their units, or by cancels after the deadline.
    const releasedByCalls = [...sweptIds, ...lateIds];
    expect(new Set(releasedByCalls).size).toBe(releasedByCalls.length);
    for (const id of releasedByCalls) expect(expiredIds.has(id), id).toBe(true);
    expect(count('expired')).toBeGreaterThanOrEqual(releasedByCalls.length);
    expect(recount.sold + recount.available).toBe(STOCK);
    // The run exercised every path it claims to.
    expect(tally.replayPairs).toBeGreaterThan(0);
    expect(tally.cancelled).toBeGreaterThan(0);
    expect(count('expired')).toBeGreaterThan(0); // by sweepers, late confirms or purchases
    expect(tally.reserved).toBeGreaterThan(STOCK);

    // Late buyers take every unit that came back: the sale ends exactly sold out.
    let lateBuyer = 0;
    for (;;) {
      const result = await first.tryPurchase(`late-${String(lateBuyer++)}`);
      if (!result.ok) {
        expect(result.reason).toBe('sold_out');
        break;
      }
      await first.confirm(result.reservation.id);
    }
    expect(await first.stats()).toMatchObject({ available: 0, held: 0, sold: STOCK });
    await expectInvariants(observer, keys, LIMIT);
  });
});
