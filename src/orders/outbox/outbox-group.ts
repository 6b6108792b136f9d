import { encodeLines } from '../../sale/catalog/lines.js';
import { randomUUID } from 'node:crypto';
import type { LuaScript } from '../../shared/lua/lua-script.js';
import { replyList } from '../../shared/lua/reply-shape.js';
import type { SaleContext } from '../../sale/sale-context.js';
import type { DeadLetterCompensation } from './dead-letter-types.js';
import type { EventEntry, OutboxEntry } from './decode-entry.js';
import { outboxKeys, type OutboxKeys } from './outbox-keys.js';
import { OUTBOX_SCRIPTS } from './lua/outbox-scripts.js';
import { unlessSaleGone } from './lua/outbox-replies.js';

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
  /** Unique to this object; with {@link OutboxGroup.calls}, names each begin call. */
  private readonly tokenPrefix = randomUUID();
  private calls = 0;

  constructor(
    readonly context: SaleContext,
    readonly group: string,
    readonly consumer: string,
  ) {
    this.keys = outboxKeys(context.keys, group);
  }

  /**
   * Decides which candidates to write now and counts their attempts (begin-4.lua).
   * Each call carries a token of its own, so a call ioredis re-sends after a
   * reconnect counts nothing twice and answers as its first run did.
   * @throws {@link SaleNotLoadedError} when the sale's keys are gone (nothing written)
   */
  async begin(candidates: readonly EventEntry[], maxAttempts: number): Promise<Decision[]> {
    this.calls += 1;
    const token = `${this.tokenPrefix}:${String(this.calls)}`;
    const args = [this.group, this.consumer, maxAttempts, token, ...entryArgs(candidates)];
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

  /**
   * Acknowledges written entries and marks their reservations placed (ack-4.lua).
   * @throws {@link SaleNotLoadedError} when the sale's keys are gone (nothing written)
   */
  async ack(entries: readonly EventEntry[]): Promise<number> {
    const args = [this.group, ...entryArgs(entries)];
    return Number(await this.run(OUTBOX_SCRIPTS.ack, 'outbox ack', this.deliveryKeys(), args));
  }

  /**
   * Acknowledges entries re-driven for another group, unwritten: this group
   * delivered (or dead-lettered) their events already (ack-4.lua, with no event type,
   * so no reservation is marked). Returns how many this call acknowledged.
   * @throws {@link SaleNotLoadedError} when the sale's keys are gone (nothing written)
   */
  async skip(entries: readonly OutboxEntry[]): Promise<number> {
    const args = [this.group, ...entries.flatMap(({ position }) => [position, '', ''])];
    return Number(await this.run(OUTBOX_SCRIPTS.ack, 'outbox ack', this.deliveryKeys(), args));
  }

  /**
   * Keeps the last failure of each entry that still has an attempt counted, for
   * its dead letter (record-failure-2.lua). Returns how many got it.
   * @throws {@link SaleNotLoadedError} when the sale's keys are gone (nothing written)
   */
  async recordFailure(entries: readonly OutboxEntry[], error: unknown): Promise<number> {
    const text = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_CHARS);
    const { attempts, meta } = this.keys;
    const positions = entries.map((entry) => entry.position);
    const reply = await this.run(
      OUTBOX_SCRIPTS.recordFailure,
      'outbox record failure',
      [attempts, meta],
      [text, ...positions],
    );
    return Number(reply);
  }

  /**
   * Moves an entry to the dead-letter stream, exactly once (dead-letter-5.lua).
   * @throws {@link SaleNotLoadedError} when the sale's keys are gone (nothing written)
   */
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
      event === null ? '' : encodeLines(event.lines),
      event?.metadata ? JSON.stringify(event.metadata) : '',
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
   * that hold nothing and were idle `forgetIdleMs`; gives the group's keys the
   * sale's lifetime again (trim-5.lua). Returns the number of entries dropped.
   */
  async trim(forgetIdleMs: number): Promise<number> {
    const { events, meta, delivered, attempts, dead } = this.keys;
    const reply = await this.run(
      OUTBOX_SCRIPTS.trim,
      'outbox trim',
      [events, meta, delivered, attempts, dead],
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
    const reply = await script.run(
      this.context.client,
      operation,
      this.context.commandTimeoutMs,
      keys,
      args,
    );
    return unlessSaleGone(reply, this.context.saleId, operation);
  }
}
