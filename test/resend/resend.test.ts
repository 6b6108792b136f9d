/**
 * A dropped connection must not run a sale call twice (issue 7). Each mutating
 * call goes through a proxy that lets Redis run its script, then loses the reply
 * and the connection, so ioredis reconnects and re-sends the script: Redis runs
 * it a second time. The contract: a re-sent call answers as its first run did
 * and applies its effect once. The sale is set up and checked through a direct
 * client; only the call under test goes through the proxy.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { FlashSale, type SaleStats } from '../../src/index.js';
import { saleKeys, type SaleKeys } from '../../src/sale/sale-keys.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';
import {
  scriptOnKey,
  startDroppingProxy,
  type Command,
  type DroppingProxy,
} from '../harness/dropping-proxy.js';
import { expectInvariants } from '../sale/invariants.js';
import { mustReserve, pastDeadline } from '../sale/purchase-helpers.js';

const SALE_ID = 'resend';

interface Setup {
  /** The sale through the proxy: the call under test goes here. */
  readonly viaProxy: FlashSale;
  /** The same sale through a direct client: setup and checks. */
  readonly sale: FlashSale;
  readonly keys: SaleKeys;
  readonly proxied: Redis;
  /** Script runs Redis answered on this sale's keys, through the proxy (NOSCRIPT refusals not counted). */
  readonly scriptRuns: () => number;
}

let proxy: DroppingProxy;
let direct: Redis;
let proxied: Redis | undefined;
const replies: { command: Command; reply: string }[] = [];

beforeAll(async () => {
  proxy = await startDroppingProxy({
    redisPort: inject('redisPort'),
    onReply: (command, reply) => {
      replies.push({ command, reply });
    },
  });
  direct = redisClient();
});
afterEach(() => {
  proxied?.disconnect();
  proxied = undefined;
});
afterAll(async () => {
  direct.disconnect();
  await proxy.close();
});

function setup(): Setup {
  const prefix = uniquePrefix('resend');
  const keys = saleKeys(prefix, SALE_ID);
  // ioredis's defaults: re-send unanswered commands after reconnecting
  proxied = new Redis({ port: proxy.port, maxRetriesPerRequest: 5 });
  const client = proxied;
  // a long time limit: a stalled machine must not turn the re-send into a timeout
  const options = { saleId: SALE_ID, keyPrefix: prefix, commandTimeoutMs: 60_000 };
  const onKeys = scriptOnKey(keys.meta);
  const from = replies.length;
  return {
    viaProxy: new FlashSale({ redis: client, ...options }),
    sale: new FlashSale({ redis: direct, ...options }),
    keys,
    proxied: client,
    scriptRuns: () => replies.slice(from).filter((r) => onKeys(r.command, r.reply)).length,
  };
}

/**
 * Runs `call` through the proxy with a drop armed on the sale's next script
 * reply, and checks that the path was taken: the first run's reply was lost,
 * the client reconnected and Redis ran the script a second time.
 */
async function throughDrop<T>(s: Setup, call: (sale: FlashSale) => Promise<T>): Promise<T> {
  const connectionsBefore = proxy.connections;
  const dropped = proxy.dropAfterReply(scriptOnKey(s.keys.meta));
  const answer = await call(s.viaProxy);
  await dropped;
  expect(proxy.connections - connectionsBefore, 'the client reconnected').toBeGreaterThanOrEqual(1);
  expect(s.scriptRuns(), 'Redis ran the script twice (first run + re-send)').toBe(2);
  return answer;
}

async function events(s: Setup): Promise<number> {
  return direct.xlen(s.keys.events);
}

function numbers(stats: SaleStats): Record<string, number> {
  const { loaded, restocked, withdrawn, available, held, sold } = stats;
  return { loaded, restocked, withdrawn, available, held, sold };
}

describe('a call whose reply was lost and that ioredis re-sent', () => {
  it.each([
    ['tryPurchase of one unit', 1, 1, undefined],
    ['tryPurchase of one unit with an idempotency key', 1, 1, 'req-1'],
    ['tryPurchase of two units', 2, 4, undefined],
    ['tryPurchase of two units with an idempotency key', 2, 4, 'req-2'],
  ] as const)(
    '%s answers the first run (a new hold) and holds once',
    async (_label, quantity, perUserLimit, idempotencyKey) => {
      const s = setup();
      await s.sale.preload({ stock: 10, perUserLimit });
      const eventsBefore = await events(s);
      const result = await throughDrop(s, async (sale) =>
        sale.tryPurchase(
          'u',
          idempotencyKey === undefined ? { quantity } : { quantity, idempotencyKey },
        ),
      );
      expect(result).toMatchObject({ ok: true, replayed: false });
      if (!result.ok) return;
      expect(result.reservation).toMatchObject({ userId: 'u', quantity, state: 'held' });
      expect(numbers(await s.sale.stats())).toMatchObject({
        held: quantity,
        available: 10 - quantity,
      });
      const status = await s.sale.userStatus('u');
      expect(status?.reservations.map((r) => r.id)).toEqual([result.reservation.id]);
      expect(await events(s), 'one reserved event').toBe(eventsBefore + 1);
      await expectInvariants(direct, s.keys, perUserLimit);
    },
  );

  it('confirm answers the sale and sells once', async () => {
    const s = setup();
    await s.sale.preload({ stock: 5 });
    const hold = await mustReserve(s.sale, 'u');
    const eventsBefore = await events(s);
    const sold = await throughDrop(s, async (sale) => sale.confirm(hold.id));
    expect(sold).toMatchObject({ id: hold.id, state: 'sold', releaseReason: null });
    expect(numbers(await s.sale.stats())).toMatchObject({ held: 0, sold: 1, available: 4 });
    expect(await events(s), 'one confirmed event').toBe(eventsBefore + 1);
    await expectInvariants(direct, s.keys, 1);
  });

  it('cancel answers the release and releases once', async () => {
    const s = setup();
    await s.sale.preload({ stock: 5 });
    const hold = await mustReserve(s.sale, 'u');
    const eventsBefore = await events(s);
    const released = await throughDrop(s, async (sale) => sale.cancel(hold.id));
    expect(released).toMatchObject({ id: hold.id, state: 'released', releaseReason: 'cancelled' });
    expect(numbers(await s.sale.stats())).toMatchObject({ held: 0, sold: 0, available: 5 });
    expect(await events(s), 'one cancelled event').toBe(eventsBefore + 1);
    await expectInvariants(direct, s.keys, 1);
  });

  it('expire answers the holds its first run released and releases each once', async () => {
    const s = setup();
    await s.sale.preload({ stock: 5, holdMs: 1 });
    const a = await mustReserve(s.sale, 'a');
    const b = await mustReserve(s.sale, 'b');
    await pastDeadline(s.sale, b, 1);
    const eventsBefore = await events(s);
    const result = await throughDrop(s, async (sale) => sale.expire());
    expect(result.released.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(
      result.released.every((r) => r.state === 'released' && r.releaseReason === 'expired'),
    ).toBe(true);
    expect(numbers(await s.sale.stats())).toMatchObject({ held: 0, available: 5 });
    expect(await events(s), 'one expired event each').toBe(eventsBefore + 2);
    await expectInvariants(direct, s.keys, 1);
  });

  it.each([
    ['adding 5', 5, { restocked: 5, withdrawn: 0, available: 10 }],
    ['withdrawing 3', -3, { restocked: 0, withdrawn: 3, available: 2 }],
  ] as const)('restock %s answers the first run and applies once', async (_label, delta, after) => {
    const s = setup();
    await s.sale.preload({ stock: 5 });
    const available = await throughDrop(s, async (sale) => sale.restock(delta));
    expect(available).toBe(after.available);
    expect(numbers(await s.sale.stats())).toMatchObject({ loaded: 5, ...after });
    await expectInvariants(direct, s.keys, 1);
  });

  it("the first preload answers 'created' and loads once", async () => {
    const s = setup();
    const outcome = await throughDrop(s, async (sale) => sale.preload({ stock: 7 }));
    expect(outcome).toBe('created');
    expect(numbers(await s.sale.stats())).toMatchObject({ loaded: 7, available: 7, held: 0 });
    await expectInvariants(direct, s.keys, 1);
  });
});

describe('the dropping proxy itself', () => {
  it('loses exactly the armed reply: a read re-sent after the drop answers normally', async () => {
    const s = setup();
    await s.sale.preload({ stock: 3 });
    const stats = await throughDrop(s, async (sale) => sale.stats());
    expect(stats).toMatchObject({ loaded: 3, available: 3 });
    expect(proxy.drops.at(-1)?.command[0]?.toUpperCase()).toMatch(/^EVAL(SHA)?$/);
  });
});
