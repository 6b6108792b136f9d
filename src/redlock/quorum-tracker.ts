import { RedisUnavailableError } from '../shared/errors/redis-errors.js';

/**
 * Counts, for one Redlock operation, which servers failed (errors and timeouts, not
 * "held by someone else"). Redlock itself only reports "no quorum"; this tells
 * contention (an outcome) from a majority of servers being down (an error).
 * @internal
 */
export class QuorumTracker {
  /** Votes needed: a strict majority. */
  readonly quorum: number;
  private readonly failures = new Map<number, unknown>();

  constructor(
    readonly servers: number,
    readonly operation: string,
  ) {
    this.quorum = Math.floor(servers / 2) + 1;
  }

  /** Records the first failure of server `index` in this operation. */
  record(index: number, error: unknown): void {
    if (!this.failures.has(index)) this.failures.set(index, error);
  }

  /**
   * @throws {@link RedisUnavailableError} when so many servers failed that a quorum
   *   was impossible whatever the others answered
   */
  throwIfUnreachable(): void {
    if (this.failures.size <= this.servers - this.quorum) return;
    const errors = [...this.failures.values()];
    const summary = errors.map((error) => (error instanceof Error ? error.message : String(error)));
    throw new RedisUnavailableError(
      this.operation,
      new AggregateError(
        errors,
        `${this.failures.size} of ${this.servers} Redis servers failed and Redlock needs ${this.quorum}: ${summary.join('; ')}`,
      ),
    );
  }
}
