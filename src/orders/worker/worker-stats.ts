/**
 * What one {@link OutboxWorker} has done since it was created.
 * @group Results
 * @category Order pipeline
 */
export interface OutboxWorkerStats {
  /** Events this worker wrote to the sink and acknowledged. */
  readonly written: number;
  /** Sink writes that failed (rejected, threw or timed out) and will be retried. */
  readonly failedWrites: number;
  /** Events this worker moved to the dead-letter stream. */
  readonly deadLettered: number;
  /** Events this worker took over from consumers that had left them idle. */
  readonly reclaimed: number;
}
