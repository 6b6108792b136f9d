import type { EventEntry } from '../outbox/decode-entry.js';
import { comparePositions } from '../outbox/position.js';

/**
 * The entries a worker holds pending between attempts (waiting for a retry, or
 * deferred until an earlier event of their reservation is settled), each with the
 * time it is due again. They stay pending at this consumer in Redis; this is only
 * the schedule.
 * @internal
 */
export class HeldEntries {
  private readonly entries = new Map<string, { entry: EventEntry; dueAtMs: number }>();

  /** Holds `entry` until `dueAtMs` (replacing an earlier hold of the same entry). */
  hold(entry: EventEntry, dueAtMs: number): void {
    this.entries.set(entry.position, { entry, dueAtMs });
  }

  /** Forgets an entry (another consumer has it now). */
  drop(position: string): void {
    this.entries.delete(position);
  }

  /** Removes and returns up to `max` due entries, oldest stream position first. */
  takeDue(nowMs: number, max: number): EventEntry[] {
    const due = [...this.entries.values()]
      .filter((held) => held.dueAtMs <= nowMs)
      .map((held) => held.entry)
      .sort((a, b) => comparePositions(a.position, b.position))
      .slice(0, max);
    for (const entry of due) this.entries.delete(entry.position);
    return due;
  }

  /** When the next entry is due, or `undefined` when none is held. */
  nextDueAtMs(): number | undefined {
    let next: number | undefined;
    for (const { dueAtMs } of this.entries.values()) {
      if (next === undefined || dueAtMs < next) next = dueAtMs;
    }
    return next;
  }

  /** The positions of every held entry. */
  positions(): string[] {
    return [...this.entries.keys()];
  }

  /** How many entries are held. */
  get size(): number {
    return this.entries.size;
  }
}
