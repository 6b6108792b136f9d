import { isRedisCommandError } from '../../shared/errors/redis-errors.js';
import { abortableSleep } from '../../shared/timing/abortable-sleep.js';
import { decodeEntries, type OutboxEntry } from '../outbox/decode-entry.js';
import { callRedis } from '../../shared/redis/call-redis.js';
import type { RedisClient } from '../../shared/redis/redis-client.js';
import type { SaleContext } from '../../sale/sale-context.js';

/** Cursor value at which XAUTOCLAIM has scanned the whole pending list. */
const SCAN_DONE = '0-0';

function isReplyError(error: unknown, prefix: string): boolean {
  return (
    isRedisCommandError(error) &&
    error.cause instanceof Error &&
    error.cause.message.startsWith(prefix)
  );
}

/**
 * Reads the outbox for one consumer of a consumer group: new entries (a blocking
 * XREADGROUP on a connection of its own, so it never delays other commands, or a
 * non-blocking one on the sale's client) and
 * entries other consumers left idle too long (XAUTOCLAIM). The group is created
 * at the start of the stream the first time the stream exists, and again if the
 * stream is replaced (a new preload of the same sale id).
 * @internal
 */
export class GroupReader {
  private cursor = SCAN_DONE;
  private ready = false;

  constructor(
    private readonly context: SaleContext,
    private readonly blocking: RedisClient,
    private readonly group: string,
    private readonly consumer: string,
  ) {}

  /** Creates the group if needed; false while the sale's stream does not exist yet. */
  private async ensureGroup(): Promise<boolean> {
    const { client, keys, commandTimeoutMs } = this.context;
    try {
      await callRedis(
        'outbox create group',
        commandTimeoutMs,
        client.xgroup('CREATE', keys.events, this.group, '0'),
      );
      return true;
    } catch (error) {
      if (isReplyError(error, 'BUSYGROUP')) return true;
      // "The XGROUP subcommand requires the key to exist": nothing was sold yet
      if (isReplyError(error, 'ERR The XGROUP subcommand requires the key to exist')) return false;
      throw error;
    }
  }

  /**
   * Up to `count` entries never delivered to the group, waiting at most `blockMs`
   * for them (also when the sale has no stream yet).
   */
  async readNew(count: number, blockMs: number, signal: AbortSignal): Promise<OutboxEntry[]> {
    if (!this.ready) this.ready = await this.ensureGroup();
    if (!this.ready) {
      await abortableSleep(blockMs, signal).catch(() => undefined);
      return [];
    }
    return this.read(this.blocking, count, blockMs);
  }

  /**
   * Up to `count` entries never delivered to the group that are there now: no
   * waiting (no `BLOCK`), so it goes on the sale's own client, pipelined with
   * everything else, and needs no connection of its own. Nothing when the sale
   * has no stream yet.
   */
  async readAvailable(count: number): Promise<OutboxEntry[]> {
    if (!this.ready) this.ready = await this.ensureGroup();
    if (!this.ready) return [];
    return this.read(this.context.client, count, undefined);
  }

  private async read(
    client: RedisClient,
    count: number,
    blockMs: number | undefined,
  ): Promise<OutboxEntry[]> {
    const { keys, commandTimeoutMs } = this.context;
    const { group, consumer } = this;
    const read =
      blockMs === undefined
        ? client.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', keys.events, '>')
        : client.xreadgroup(
            'GROUP',
            group,
            consumer,
            'COUNT',
            count,
            'BLOCK',
            blockMs,
            'STREAMS',
            keys.events,
            '>',
          );
    try {
      const reply: unknown = await callRedis(
        'outbox read',
        (blockMs ?? 0) + commandTimeoutMs,
        read,
      );
      // [[stream, [[id, fields], …]]], or null when nothing arrived in time
      const streams = Array.isArray(reply) ? (reply as unknown[]) : [];
      const first = streams[0];
      return Array.isArray(first) ? decodeEntries(first[1]) : [];
    } catch (error) {
      // the stream or group is gone (expired with the sale, or replaced); a read
      // blocked on it is ended by Redis with UNBLOCKED: find the stream again
      if (!isReplyError(error, 'NOGROUP') && !isReplyError(error, 'UNBLOCKED')) throw error;
      this.ready = false;
      return [];
    }
  }

  /**
   * Up to `count` entries idle for at least `minIdleMs` at any consumer, now
   * pending at this one. Scans the pending list in steps across calls.
   */
  async reclaim(count: number, minIdleMs: number): Promise<OutboxEntry[]> {
    const { client, keys, commandTimeoutMs } = this.context;
    if (!this.ready) return [];
    try {
      const reply: unknown = await callRedis(
        'outbox reclaim',
        commandTimeoutMs,
        client.xautoclaim(
          keys.events,
          this.group,
          this.consumer,
          minIdleMs,
          this.cursor,
          'COUNT',
          count,
        ),
      );
      // [next cursor, [[id, fields], …], [ids deleted from the stream]]
      const [next, entries] = Array.isArray(reply) ? (reply as unknown[]) : [];
      this.cursor = typeof next === 'string' ? next : SCAN_DONE;
      return decodeEntries(entries);
    } catch (error) {
      if (!isReplyError(error, 'NOGROUP')) throw error;
      this.cursor = SCAN_DONE;
      this.ready = false;
      return [];
    }
  }

  /** True while a reclaim scan is part way through the pending list. */
  get scanning(): boolean {
    return this.cursor !== SCAN_DONE;
  }
}
