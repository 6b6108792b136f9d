/**
 * What both example back ends must answer, route by route. The Express and Koa
 * test files run this same suite, so the two examples cannot drift apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisUnavailableError, type SingleItemPreload } from '../../src/index.js';
import { request, type Answer, type Send } from './http-client.js';
import { startExampleServer, type ExampleApp, type ExampleServer } from './http-example-server.js';

const HOLD_MS = 60_000;
const ANY_TIME = expect.any(Number) as unknown;
const OPEN: SingleItemPreload = { stock: 5, perUserLimit: 2, holdMs: HOLD_MS, retainMs: 60_000 };

/** A reservation as the API shows it while held. */
function held(saleId: string, userId: string, quantity = 1): object {
  return {
    id: expect.stringMatching(new RegExp(`^${saleId}:[A-Za-z0-9_-]{16}$`)) as unknown,
    saleId,
    userId,
    quantity,
    state: 'held',
    releaseReason: null,
    createdAtMs: ANY_TIME,
    deadlineMs: ANY_TIME,
    endedAtMs: null,
  };
}

/** Registers the suite for one example app. */
export function describeHttpExample(name: string, createApp: ExampleApp): void {
  describe(`the ${name} example`, () => {
    let server: ExampleServer;
    beforeAll(async () => {
      server = await startExampleServer(createApp);
    });
    afterAll(async () => {
      await server.close();
    });

    const post = (path: string, send?: Send): Promise<Answer> =>
      request(server.base, 'POST', path, send);
    const get = (path: string, send?: Send): Promise<Answer> =>
      request(server.base, 'GET', path, send);
    const reservationPath = (saleId: string, id: string, action: string): string =>
      `/sales/${saleId}/reservations/${encodeURIComponent(id)}/${action}`;
    /** The id of the reservation a purchase answer carries. */
    const idOf = (answer: Answer): string =>
      (answer.body as { reservation: { id: string } }).reservation.id;

    describe('POST /sales/:saleId/purchase', () => {
      it('holds a unit (200), and a replay with the same Idempotency-Key returns the same reservation', async () => {
        const s = await server.addSale(OPEN);
        const first = await post(`/sales/${s}/purchase`, { user: 'alice', key: 'order-1' });
        expect(first).toMatchObject({
          status: 200,
          body: {
            reservation: held(s, 'alice'),
            replayed: false,
            order: { state: 'pending', reason: null },
          },
        });
        const { reservation } = first.body as {
          reservation: { createdAtMs: number; deadlineMs: number };
        };
        expect(reservation.deadlineMs - reservation.createdAtMs).toBe(HOLD_MS);

        const replay = await post(`/sales/${s}/purchase`, { user: 'alice', key: 'order-1' });
        expect(replay.status).toBe(200);
        expect(replay.body).toEqual({
          reservation,
          replayed: true,
          order: { state: 'pending', reason: null },
        });
        expect((await get(`/sales/${s}/stats`)).body).toMatchObject({ available: 4, held: 1 });
      });

      it('takes the quantity from the JSON body or the query string', async () => {
        const s = await server.addSale(OPEN);
        const byBody = await post(`/sales/${s}/purchase`, { user: 'alice', json: { quantity: 2 } });
        expect(byBody).toMatchObject({
          status: 200,
          body: { reservation: held(s, 'alice', 2) },
        });
        const byQuery = await post(`/sales/${s}/purchase?quantity=2`, { user: 'bob' });
        expect(byQuery).toMatchObject({ status: 200, body: { reservation: held(s, 'bob', 2) } });
        expect((await get(`/sales/${s}/stats`)).body).toMatchObject({ available: 1, held: 4 });
      });

      it('answers sold_out with 409 and the reason', async () => {
        const s = await server.addSale({ ...OPEN, stock: 1 });
        expect((await post(`/sales/${s}/purchase`, { user: 'alice' })).status).toBe(200);
        const refused = await post(`/sales/${s}/purchase`, { user: 'bob' });
        expect(refused.status).toBe(409);
        expect(refused.body).toEqual({ reason: 'sold_out' });
      });

      it('answers limit_reached with 409 and the reason', async () => {
        const s = await server.addSale({ ...OPEN, perUserLimit: 1 });
        expect((await post(`/sales/${s}/purchase`, { user: 'alice', key: 'a' })).status).toBe(200);
        const refused = await post(`/sales/${s}/purchase`, { user: 'alice', key: 'b' });
        expect(refused.status).toBe(409);
        expect(refused.body).toEqual({ reason: 'limit_reached' });
      });

      it('answers not_started with 409, and a sale not in Redis with 404 not_loaded', async () => {
        const later = await server.addSale({ ...OPEN, startMs: Date.now() + 3_600_000 });
        const early = await post(`/sales/${later}/purchase`, { user: 'alice' });
        expect([early.status, early.body]).toEqual([409, { reason: 'not_started' }]);
        const absent = await server.addSale(null);
        const missing = await post(`/sales/${absent}/purchase`, { user: 'alice' });
        expect([missing.status, missing.body]).toEqual([404, { reason: 'not_loaded' }]);
      });

      it('answers a sale id the server does not run with 404', async () => {
        const answer = await post('/sales/nope/purchase', { user: 'alice' });
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({
          error: 'UNKNOWN_SALE',
          message: 'no sale "nope" on this server',
        });
      });

      it('answers an Idempotency-Key reused with another quantity with 409', async () => {
        const s = await server.addSale(OPEN);
        await post(`/sales/${s}/purchase`, { user: 'alice', key: 'k' });
        const answer = await post(`/sales/${s}/purchase`, {
          user: 'alice',
          key: 'k',
          json: { quantity: 2 },
        });
        expect(answer.status).toBe(409);
        expect(answer.body).toEqual({
          error: 'IDEMPOTENCY_CONFLICT',
          message: 'idempotency key "k" was first used with another user or quantity',
        });
      });
    });

    describe('bad input', () => {
      it('answers an empty or oversized user id with 400 quoting the value', async () => {
        const s = await server.addSale(OPEN);
        const empty = await post(`/sales/${s}/purchase`, { user: '' });
        expect(empty.status).toBe(400);
        expect(empty.body).toEqual({
          error: 'INVALID_ARGUMENT',
          message: 'userId must be a non-empty string; got ""',
        });
        const missing = await post(`/sales/${s}/purchase`);
        expect(missing.body).toEqual(empty.body);
        const long = await post(`/sales/${s}/purchase`, { user: 'u'.repeat(300) });
        expect(long.status).toBe(400);
        expect(long.body).toEqual({
          error: 'INVALID_ARGUMENT',
          message: `userId must be at most 256 bytes in UTF-8; got "${'u'.repeat(79)}… (300 chars)`,
        });
        expect((await get(`/sales/${s}/stats`)).body).toMatchObject({ available: 5, held: 0 });
      });

      it('answers a bad quantity with 400 quoting it as sent', async () => {
        const s = await server.addSale(OPEN);
        const text = await post(`/sales/${s}/purchase?quantity=abc`, { user: 'alice' });
        expect([text.status, text.body]).toEqual([
          400,
          { error: 'INVALID_ARGUMENT', message: 'quantity must be a positive integer; got "abc"' },
        ]);
        const zero = await post(`/sales/${s}/purchase`, { user: 'alice', json: { quantity: 0 } });
        expect([zero.status, zero.body]).toEqual([
          400,
          {
            error: 'INVALID_ARGUMENT',
            message: 'quantity must be an integer from 1 to 1000000; got 0 (number)',
          },
        ]);
      });

      it('answers malformed JSON with 400 and an oversized body with 413', async () => {
        const s = await server.addSale(OPEN);
        const malformed = await post(`/sales/${s}/purchase`, {
          user: 'alice',
          raw: '{"quantity":',
        });
        expect(malformed.status).toBe(400);
        expect(malformed.body).toMatchObject({ error: 'BAD_REQUEST' });
        const big = await post(`/sales/${s}/purchase`, {
          user: 'alice',
          json: { quantity: 1, pad: 'x'.repeat(2000) },
        });
        expect(big.status).toBe(413);
        expect(big.body).toMatchObject({ error: 'BODY_TOO_LARGE' });
        expect((await get(`/sales/${s}/stats`)).body).toMatchObject({ available: 5, held: 0 });
      });
    });

    describe('confirm and cancel', () => {
      it('confirms a hold (200, twice the same) and then refuses to cancel it (409)', async () => {
        const s = await server.addSale(OPEN);
        const id = idOf(await post(`/sales/${s}/purchase`, { user: 'alice' }));
        const confirmed = await post(reservationPath(s, id, 'confirm'), { user: 'alice' });
        expect(confirmed.status).toBe(200);
        expect(confirmed.body).toMatchObject({
          reservation: { ...held(s, 'alice'), state: 'sold', endedAtMs: ANY_TIME },
        });
        const again = await post(reservationPath(s, id, 'confirm'), { user: 'alice' });
        expect([again.status, again.body]).toEqual([200, confirmed.body]);
        const cancel = await post(reservationPath(s, id, 'cancel'), { user: 'alice' });
        expect([cancel.status, cancel.body]).toEqual([
          409,
          {
            error: 'RESERVATION_SOLD',
            message: `reservation "${id}" was already sold; it cannot be released`,
          },
        ]);
        expect((await get(`/sales/${s}/stats`)).body).toMatchObject({
          available: 4,
          held: 0,
          sold: 1,
        });
      });

      it('cancels a hold (200), returns the unit, and refuses to confirm it (409)', async () => {
        const s = await server.addSale({ ...OPEN, perUserLimit: 1 });
        const id = idOf(await post(`/sales/${s}/purchase`, { user: 'alice' }));
        const cancelled = await post(reservationPath(s, id, 'cancel'), { user: 'alice' });
        expect(cancelled.status).toBe(200);
        expect(cancelled.body).toMatchObject({
          reservation: {
            ...held(s, 'alice'),
            state: 'released',
            releaseReason: 'cancelled',
            endedAtMs: ANY_TIME,
          },
        });
        const confirm = await post(reservationPath(s, id, 'confirm'), { user: 'alice' });
        expect([confirm.status, confirm.body]).toEqual([
          409,
          {
            error: 'RESERVATION_RELEASED',
            message: `reservation "${id}" was already released (cancelled); it cannot be confirmed`,
          },
        ]);
        // The unit and the buyer's allowance came back: she can buy again.
        const rebuy = await post(`/sales/${s}/purchase`, { user: 'alice' });
        expect(rebuy).toMatchObject({ status: 200, body: { reservation: held(s, 'alice') } });
      });

      it("answers someone else's, an unknown and a malformed reservation id", async () => {
        const s = await server.addSale(OPEN);
        const id = idOf(await post(`/sales/${s}/purchase`, { user: 'alice' }));
        const notMine = await post(reservationPath(s, id, 'cancel'), { user: 'mallory' });
        expect([notMine.status, notMine.body]).toEqual([
          404,
          { error: 'UNKNOWN_RESERVATION', message: `no reservation "${id}" in this sale` },
        ]);
        const unknown = await post(reservationPath(s, `${s}:AAAAAAAAAAAAAAAA`, 'confirm'), {
          user: 'alice',
        });
        expect(unknown.status).toBe(404);
        const malformed = await post(`/sales/${s}/reservations/nope/confirm`, { user: 'alice' });
        expect([malformed.status, malformed.body]).toEqual([
          400,
          {
            error: 'INVALID_ARGUMENT',
            message: `reservationId must be a reservation id of sale "${s}" ("${s}:" and 16 characters A-Z a-z 0-9 _ -); got "nope"`,
          },
        ]);
        const anonymous = await post(reservationPath(s, id, 'cancel'));
        expect([anonymous.status, anonymous.body]).toEqual([
          400,
          { error: 'INVALID_ARGUMENT', message: 'userId must be a non-empty string; got ""' },
        ]);
        expect((await get(`/sales/${s}/stats`)).body).toMatchObject({ available: 4, held: 1 });
      });
    });

    describe('reads', () => {
      it('GET /me shows what the "did I get it?" page polls, at each step', async () => {
        const s = await server.addSale(OPEN);
        const before = await get(`/sales/${s}/me`, { user: 'alice' });
        expect([before.status, before.body]).toEqual([
          200,
          {
            userId: 'alice',
            perUserLimit: 2,
            used: 0,
            remaining: 2,
            reservations: [],
            items: {},
          },
        ]);
        const id = idOf(await post(`/sales/${s}/purchase`, { user: 'alice' }));
        const holding = await get(`/sales/${s}/me`, { user: 'alice' });
        expect(holding.body).toMatchObject({
          used: 1,
          remaining: 1,
          reservations: [held(s, 'alice')],
          items: { default: { used: 1, perUserLimit: null, remaining: 1 } },
        });
        await post(reservationPath(s, id, 'confirm'), { user: 'alice' });
        const bought = await get(`/sales/${s}/me`, { user: 'alice' });
        expect(bought.body).toMatchObject({
          used: 1,
          remaining: 1,
          reservations: [{ id, state: 'sold' }],
        });
        const absent = await server.addSale(null);
        const missing = await get(`/sales/${absent}/me`, { user: 'alice' });
        expect([missing.status, missing.body]).toEqual([404, { reason: 'not_loaded' }]);
      });

      it('GET /stats answers the sale numbers', async () => {
        const s = await server.addSale(OPEN);
        await post(`/sales/${s}/purchase`, { user: 'alice', json: { quantity: 2 } });
        const stats = await get(`/sales/${s}/stats`);
        expect(stats.status).toBe(200);
        expect(stats.body).toEqual({
          saleId: s,
          phase: 'open',
          nowMs: ANY_TIME,
          loaded: 5,
          restocked: 0,
          withdrawn: 0,
          available: 3,
          held: 2,
          sold: 0,
          perUserLimit: 2,
          items: 1,
          holdMs: HOLD_MS,
          maxExtendMs: 0,
          startMs: null,
          endMs: null,
          retainMs: 60_000,
          historyMs: 3_600_000,
          expiresAtMs: null,
          overdueHolds: 0,
        });
      });
    });

    describe('when Redis is unreachable', () => {
      it('answers 503 with Retry-After and a message that names no host, and logs the error', async () => {
        await server.addUnreachableSale('down');
        server.logged.length = 0;
        const purchase = await post('/sales/down/purchase', { user: 'alice', key: 'k' });
        expect(purchase.status).toBe(503);
        expect(purchase.headers.get('retry-after')).toBe('1');
        expect(purchase.body).toEqual({
          error: 'REDIS_UNAVAILABLE',
          message: 'the sale is unavailable for a moment; try again',
        });
        const stats = await get('/sales/down/stats');
        expect([stats.status, stats.body]).toEqual([503, purchase.body]);
        expect(server.logged).toHaveLength(2);
        expect(server.logged.every(isRedisUnavailableError)).toBe(true);
      });
    });
  });
}
