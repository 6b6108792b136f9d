/**
 * The reference's client: the same coalescing as the library's purchase batcher
 * (the requests of one event-loop turn, cut at `setImmediate`, at most
 * `maxBatchSize` per script call), with nothing else — no validation, no
 * reservation id, no record to decode. Each caller gets its own code.
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/** The reference script's source (bench/reference/hold.lua). */
export const HOLD_LUA = readFileSync(new URL('./hold.lua', import.meta.url), 'utf8');

interface Pending {
  readonly userId: string;
  readonly resolve: (code: number) => void;
  readonly reject: (error: unknown) => void;
}

/** Coalesces hold requests into calls of bench/reference/hold.lua. */
export class ReferenceBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly fixed: string[];

  constructor(
    private readonly redis: Redis & {
      referenceHold(...args: (string | number)[]): Promise<unknown>;
    },
    keyPrefix: string,
    perUserLimit: number,
    holdMs: number,
    private readonly maxBatchSize = 64,
  ) {
    this.fixed = [
      `${keyPrefix}stock`,
      `${keyPrefix}users`,
      `${keyPrefix}deadlines`,
      String(perUserLimit),
      String(holdMs),
    ];
  }

  /** Defines the script's command on `redis` (EVALSHA with EVAL fallback, as the library does). */
  static define(redis: Redis): Redis & {
    referenceHold(...args: (string | number)[]): Promise<unknown>;
  } {
    redis.defineCommand('referenceHold', { numberOfKeys: 3, lua: HOLD_LUA });
    return redis as Redis & { referenceHold(...args: (string | number)[]): Promise<unknown> };
  }

  /** One hold request; resolves with its code (1 held, -4 sold out, -6 limit reached). */
  async hold(userId: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ userId, resolve, reject });
      if (this.queue.length >= this.maxBatchSize) {
        this.flush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.queue.length > 0) void this.send(this.queue.splice(0, this.maxBatchSize));
  }

  private async send(batch: readonly Pending[]): Promise<void> {
    const args: string[] = [...this.fixed];
    for (const pending of batch) args.push(pending.userId);
    try {
      const reply = (await this.redis.referenceHold(...args)) as number[];
      batch.forEach((pending, index) => {
        pending.resolve(Number(reply[index]));
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
