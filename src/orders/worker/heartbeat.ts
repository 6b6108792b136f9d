import type { OutboxGroup } from '../outbox/outbox-group.js';
import type { WorkerStage } from './worker-options.js';

/**
 * Every `intervalMs`, resets the idle time of the entries a worker holds
 * (touch-1.lua), so no other worker reclaims them while this one is alive, and
 * hands back those another worker took over meanwhile. Its timer never keeps the
 * process alive.
 * @internal
 */
export class Heartbeat {
  private readonly timer: NodeJS.Timeout;
  private beating = false;

  constructor(
    private readonly group: OutboxGroup,
    private readonly positions: () => string[],
    private readonly lost: (position: string) => void,
    private readonly report: (error: unknown, stage: WorkerStage) => void,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  /** Stops beating. */
  stop(): void {
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    const positions = this.positions();
    if (this.beating || positions.length === 0) return;
    this.beating = true;
    try {
      for (const position of await this.group.touch(positions)) this.lost(position);
    } catch (error) {
      this.report(error, 'heartbeat');
    } finally {
      this.beating = false;
    }
  }
}
