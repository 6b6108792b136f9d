/**
 * The soak's audit, from the raw keys of the sale and the sink files: nothing
 * oversold (conservation, and the counters agree with the records), nobody over
 * the limit (records and ledgers), every hold ended or alive (none overdue once
 * the sweeper had time), every reservation's events delivered (its `reserved`
 * event and the event of how it ended).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Reservation } from '../../src/index.js';
import { decodeReservation } from '../../src/sale/decode-reservation.js';
import { DEFAULT_GROUP, outboxKeys } from '../../src/orders/outbox/outbox-keys.js';
import type { SaleKeys } from '../../src/sale/sale-keys.js';

/** What the audit found. */
export interface Audit {
  readonly reservations: number;
  /**
   * Holds no purchase call was answered with: a buyer killed mid-call, or a
   * re-sent purchase whose second run made a second hold (issue 7).
   */
  readonly unanswered: number;
  readonly heldUnits: number;
  readonly soldUnits: number;
  readonly releasedUnits: number;
  readonly byEnd: Readonly<Record<string, number>>;
  readonly loaded: number;
  readonly restocked: number;
  readonly withdrawn: number;
  readonly available: number;
  readonly deliveredEvents: number;
  readonly duplicateDeliveries: number;
  readonly deadLetters: number;
  /** Events the sink should hold and does not (empty when all were delivered). */
  readonly missingEvents: readonly string[];
  /** Every broken invariant, spelled out. */
  readonly violations: readonly string[];
}

/** The lines of every `<kind>-*.log` file (complete lines only), with repeats counted. */
export function sinkLines(
  dir: string,
  kind = 'sink',
): { readonly ids: Set<string>; readonly lines: number } {
  const ids = new Set<string>();
  let lines = 0;
  for (const name of readdirSync(dir).filter((file) => file.startsWith(`${kind}-`))) {
    const text = readFileSync(join(dir, name), 'utf8');
    // a kill -9 may cut the last line short: only lines ending in \n count
    for (const line of text.split('\n').slice(0, -1)) {
      ids.add(line);
      lines += 1;
    }
  }
  return { ids, lines };
}

/** The events a reservation must have produced: reserved, then how it ended. */
export function expectedEvents(reservation: Reservation): string[] {
  const events = [`${reservation.id}/reserved`];
  if (reservation.state === 'sold') events.push(`${reservation.id}/confirmed`);
  if (reservation.state === 'released') {
    events.push(`${reservation.id}/${reservation.releaseReason ?? 'released'}`);
  }
  return events;
}

/** Reads every reservation record of the sale. */
export async function readReservations(
  redis: Redis,
  saleId: string,
  keys: SaleKeys,
): Promise<Reservation[]> {
  const holds = await redis.hgetall(keys.holds);
  return Object.entries(holds).map(([id, record]) => decodeReservation(saleId, id, record));
}

/** Redis's clock, in epoch ms. */
export async function redisNowMs(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** Runs the audit. */
export async function audit(
  redis: Redis,
  saleId: string,
  keys: SaleKeys,
  sinkDir: string,
): Promise<Audit> {
  const violations: string[] = [];
  const [meta, ledgers, reservations, nowMs, deadLetters] = await Promise.all([
    redis.hgetall(keys.meta),
    redis.hgetall(keys.users),
    readReservations(redis, saleId, keys),
    redisNowMs(redis),
    redis.xlen(outboxKeys(keys, DEFAULT_GROUP).dead),
  ]);
  const num = (field: string): number => Number(meta[field] ?? Number.NaN);
  const limit = num('limit');
  let heldUnits = 0;
  let soldUnits = 0;
  let releasedUnits = 0;
  const byEnd: Record<string, number> = {};
  const perUser = new Map<string, number>();
  for (const r of reservations) {
    const end = r.state === 'released' ? (r.releaseReason ?? 'released') : r.state;
    byEnd[end] = (byEnd[end] ?? 0) + 1;
    if (r.state === 'held') {
      heldUnits += r.quantity;
      if (r.deadlineMs <= nowMs) {
        violations.push(`${r.id} is held ${String(nowMs - r.deadlineMs)} ms past its deadline`);
      }
    } else if (r.state === 'sold') soldUnits += r.quantity;
    else releasedUnits += r.quantity;
    if (r.state !== 'released') perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + r.quantity);
  }
  const counters = {
    loaded: num('loaded'),
    restocked: num('restocked'),
    withdrawn: num('withdrawn'),
    available: num('available'),
    held: num('held'),
    sold: num('sold'),
  };
  if (counters.held !== heldUnits || counters.sold !== soldUnits) {
    violations.push(
      `counters (held ${String(counters.held)}, sold ${String(counters.sold)}) disagree with the records (held ${String(heldUnits)}, sold ${String(soldUnits)})`,
    );
  }
  const supply = counters.loaded + counters.restocked - counters.withdrawn;
  if (counters.available + heldUnits + soldUnits !== supply || counters.available < 0) {
    violations.push(
      `conservation: available ${String(counters.available)} + held ${String(heldUnits)} + sold ${String(soldUnits)} != loaded + restocked - withdrawn = ${String(supply)}`,
    );
  }
  for (const [user, units] of perUser) {
    if (units > limit) {
      violations.push(`${user} holds or bought ${String(units)} > limit ${String(limit)}`);
    }
  }
  for (const [user, ledger] of Object.entries(ledgers)) {
    const used = Number(ledger.split(' ')[0]);
    if (used !== (perUser.get(user) ?? 0)) {
      violations.push(
        `ledger of ${user} says ${String(used)}, records ${String(perUser.get(user) ?? 0)}`,
      );
    }
  }
  const sink = sinkLines(sinkDir);
  const missingEvents: string[] = [];
  const known = new Set<string>();
  for (const r of reservations) {
    for (const event of expectedEvents(r)) {
      known.add(event);
      if (!sink.ids.has(event)) missingEvents.push(event);
    }
  }
  if (missingEvents.length > 0) {
    violations.push(
      `${String(missingEvents.length)} events never delivered, e.g. ${missingEvents.slice(0, 5).join(', ')}`,
    );
  }
  const strangers = [...sink.ids].filter((id) => !known.has(id));
  if (strangers.length > 0) {
    violations.push(
      `${String(strangers.length)} delivered events match no reservation's state, e.g. ${strangers.slice(0, 5).join(', ')}`,
    );
  }
  const answered = sinkLines(sinkDir, 'answers').ids;
  return {
    reservations: reservations.length,
    unanswered: reservations.filter((r) => !answered.has(r.id)).length,
    heldUnits,
    soldUnits,
    releasedUnits,
    byEnd,
    ...counters,
    deliveredEvents: sink.ids.size,
    duplicateDeliveries: sink.lines - sink.ids.size,
    deadLetters,
    missingEvents,
    violations,
  };
}
