import type { RedisClient } from '../../shared/redis/redis-client.js';
import { callRedis } from '../../shared/redis/call-redis.js';
import { SaleDataError } from '../../sale/errors/sale-errors.js';
import type { SaleContext } from '../../sale/sale-context.js';

/**
 * A sharded sale's directory: one string key, `<prefix>{<saleId>}:shards`, holding
 * "1 <count> <shard id> …" (format 1), written once by the first preload (SET NX)
 * and read by every process before its first call. It is what makes the shards'
 * names (chosen against one cluster layout, placement/shard-ids.ts) the same in
 * every process, and the shard count fixed for the sale's life.
 * @internal
 */
export class ShardDirectory {
  readonly key: string;

  constructor(
    private readonly client: RedisClient,
    keyPrefix: string,
    private readonly saleId: string,
    /** Each call's time limit (the sale's `commandTimeoutMs`). */
    readonly timeoutMs: number,
  ) {
    this.key = `${keyPrefix}{${saleId}}:shards`;
  }

  /** The shard ids, or undefined when the sale was never preloaded (or has expired). */
  async read(operation: string): Promise<string[] | undefined> {
    const text = await callRedis(operation, this.timeoutMs, this.client.get(this.key));
    if (text === null) return undefined;
    const [format, count, ...ids] = text.split(' ');
    if (format !== '1' || ids.length === 0 || String(ids.length) !== count) {
      throw new SaleDataError(this.saleId, operation);
    }
    return ids;
  }

  /** Writes `ids` unless a directory exists; answers the ids now stored. */
  async create(ids: readonly string[], operation: string): Promise<string[]> {
    const text = `1 ${String(ids.length)} ${ids.join(' ')}`;
    await callRedis(operation, this.timeoutMs, this.client.set(this.key, text, 'NX'));
    const stored = await this.read(operation);
    if (stored === undefined) throw new SaleDataError(this.saleId, operation);
    return stored;
  }

  /**
   * Deletes the directory a preload wrote when none of its shards got loaded
   * (that preload failed): the sale is then free to be preloaded with another
   * shard count.
   */
  async dropUnlessLoaded(shards: readonly SaleContext[], operation: string): Promise<void> {
    for (const shard of shards) {
      const loaded = await callRedis(
        operation,
        this.timeoutMs,
        this.client.hexists(shard.keys.meta, 'saleId'),
      );
      if (loaded === 1) return;
    }
    await callRedis(operation, this.timeoutMs, this.client.del(this.key));
  }

  /** Gives the directory the shards' expiry (their meta key's `expireAt`), or none. */
  async keepWith(expireAtMs: number | undefined, operation: string): Promise<void> {
    await callRedis(
      operation,
      this.timeoutMs,
      expireAtMs === undefined
        ? this.client.persist(this.key)
        : this.client.pexpireat(this.key, expireAtMs),
    );
  }
}
