import { callRedis } from '../../shared/redis/call-redis.js';
import type { LuaScript } from '../../shared/lua/lua-script.js';
import { replyList } from '../../shared/lua/reply-shape.js';
import type { SaleContext } from '../../sale/sale-context.js';
import type { DeadLetterCompensation } from './dead-letter-types.js';
import type { EventEntry, OutboxEntry } from './decode-entry.js';
import { outboxKeys, type OutboxKeys } from './outbox-keys.js';
import { OUTBOX_SCRIPTS } from './lua/outbox-scripts.js';

/** What begin-4.lua decided for one candidate (see its header). @internal */
export type Verdict = 'lost' | 'exhausted' | 'deferred' | 'later' | 'write';

const VERDICTS: Readonly<Record<string, Verdict>> = {
  l: 'lost',
  x: 'exhausted',
  d: 'deferred',
  n: 'later',
  w: 'write',
};

/** A candidate and its verdict. @internal */
export interface Decision {
  readonly entry: EventEntry;
  readonly verdict: Verdict;
  /** Attempts started before this one. */
  readonly attempts: number;
}

/** Longest failure message kept with an entry. */
const MAX_ERROR_CHARS = 500;

/** Per entry its position, reservation id and event type, as begin-4 and ack-4 take them. */
function entryArgs(entries: readonly EventEntry[]): string[] {
  return entries.flatMap(({ position, event }) => [position, event.reservationId, event.type]);
}

/**
 * One consumer of the outbox's consumer group: the script calls of delivery, each
 * one round trip. Reading the stream is {@link GroupReader}'s job.
 * @internal
 */
export class OutboxGroup {
  readonly keys: OutboxKeys;

  constructor(
    readonly context: SaleContext,
    readonly group: string,
    readonly consumer: string,
  ) {
    this.keys = outboxKeys(context.keys, group);
  }

  /** Decides which candidates to write now and counts their attempts (begin-4.lua). */
  async begin(candidates: readonly EventEntry[], maxAttempts: number): Promise<Decision[]> {
    const args = [this.group, this.consumer, maxAttempts, ...entryArgs(candidates)];
    const reply = replyList(
      'outbox begin',
      await this.run(OUTBOX_SCRIPTS.begin, 'outbox begin', this.deliveryKeys(), args),
    );
    const letters = String(reply[0]);
    const attempts = String(reply[1]).split(' ').map(Number);
    return candidates.map((entry, index) => ({
      entry,
      verdict: VERDICTS[letters[index] ?? ''] ?? 'lost',
      attempts: attempts[index] ?? 0,
    }));
  }

  /** Acknowledges written entries and marks their reservations placed (ack-4.lua). */
  async ack(entries: readonly EventEntry[]): Promise<number> {
    const args = [this.group, ...entryArgs(entries)];
    return Number(await this.run(OUTBOX_SCRIPTS.ack, 'outbox ack', this.deliveryKeys(), args));
  }

  /** Keeps the last failure of each entry, for its dead letter. */
  async recordFailure(entries: readonly OutboxEntry[], error: unknown): Promise<void> {
    const text = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_CHARS);
    const fields = Object.fromEntries(entries.map((entry) => [`${entry.position}:error`, text]));
    await callRedis(
      'outbox record failure',
      this.context.commandTimeoutMs,
      this.context.client.hset(this.keys.attempts, fields),
    );
  }

  /** Moves an entry to the dead-letter stream, exactly once (dead-letter-5.lua). */
  async deadLetter(
    entry: OutboxEntry,
    compensation: DeadLetterCompensation,
    attempts: number,
    error = '',
  ): Promise<boolean> {
    const event = entry.event;
    const { events, delivered, attempts: attemptsKey, dead, meta } = this.keys;
    const keys = [events, delivered, attemptsKey, dead, meta];
    const reply = await this.run(OUTBOX_SCRIPTS.deadLetter, 'outbox dead-letter', keys, [
      this.group,
      entry.position,
      event?.reservationId ?? '',
      event?.type ?? '',
      compensation,
      attempts,
      error,
      event?.saleId ?? '',
      event?.userId ?? '',
      event?.quantity ?? '',
      event?.atMs ?? '',
      event?.deadlineMs ?? '',
    ]);
    return Number(reply) === 1;
  }

  /** Resets the idle time of entries this consumer holds; returns those it lost. */
  async touch(positions: readonly string[]): Promise<Set<string>> {
    const reply = await this.run(
      OUTBOX_SCRIPTS.touch,
      'outbox touch',
      [this.keys.events],
      [this.group, this.consumer, ...positions],
    );
    return new Set(String(reply).split(' ').filter(Boolean));
  }

  /**
   * Drops entries every group has acknowledged, and forgets this group's consumers
   * that hold nothing and were idle `forgetIdleMs` (trim-1.lua). Returns the
   * number of entries dropped.
   */
  async trim(forgetIdleMs: number): Promise<number> {
    const reply = await this.run(
      OUTBOX_SCRIPTS.trim,
      'outbox trim',
      [this.keys.events],
      [this.group, forgetIdleMs],
    );
    return Number(reply);
  }

  private deliveryKeys(): string[] {
    const { events, delivered, attempts, meta } = this.keys;
    return [events, delivered, attempts, meta];
  }

  private async run(
    script: LuaScript,
    operation: string,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    return script.run(this.context.client, operation, this.context.commandTimeoutMs, keys, args);
  }
}
