import type { OrderEvent } from '../../orders/outbox/order-event.js';
import type { OrderSinkContext } from '../../orders/sink/order-sink.js';
import { unlessAborted } from './abort-and-deadline.js';
import { BrokerUnavailableError, type BrokerName } from './broker-errors.js';

/** One open connection to a broker, as each sink's link module makes it. @internal */
export interface BrokerLink {
  /** Publishes the events and resolves once the broker has every one. */
  publish(events: readonly OrderEvent[]): Promise<void>;
  /** Calls `listener` once, when the connection is closed for good (at once if it is). */
  onDead(listener: () => void): void;
  /** Closes the connection (never rejects). */
  close(): Promise<void>;
}

/**
 * What both broker sinks do around their link: open it on the first write, share
 * it among concurrent writes while it opens, drop it when it dies so the next
 * write opens a new one, and refuse writes once closed. @internal
 */
export class BrokerConnection<L extends BrokerLink> {
  #link: Promise<L> | undefined;
  #closed = false;

  constructor(
    private readonly broker: BrokerName,
    private readonly open: () => Promise<L>,
  ) {}

  /** Publishes `events` on the live link (opened first when there is none). */
  async write(events: readonly OrderEvent[], context: OrderSinkContext): Promise<void> {
    if (this.#closed) throw new BrokerUnavailableError(this.broker, 'the sink is closed');
    context.signal.throwIfAborted();
    if (events.length === 0) return;
    const link = await unlessAborted(this.#connected(), context.signal);
    await unlessAborted(link.publish(events), context.signal);
  }

  /** Closes the link for good; never rejects. */
  async close(): Promise<void> {
    this.#closed = true;
    const link = this.#link;
    this.#link = undefined;
    const open = await link?.catch(() => undefined);
    await open?.close();
  }

  async #connected(): Promise<L> {
    if (this.#link !== undefined) return this.#link;
    const opening = this.open().then(
      (link) => {
        link.onDead(() => {
          if (this.#link === opening) this.#link = undefined;
        });
        if (this.#closed) void link.close();
        return link;
      },
      (error: unknown) => {
        if (this.#link === opening) this.#link = undefined;
        throw error;
      },
    );
    this.#link = opening;
    return opening;
  }
}
