import { channel } from 'node:diagnostics_channel';

/**
 * The publishing side of one channel, typed by its message. It is the
 * `node:diagnostics_channel` channel object itself (no wrapper), so checking
 * `hasSubscribers` costs one property read: every publisher checks it first and
 * builds no message, reads no clock, when nobody listens.
 * @internal
 */
export interface Publisher<Message> {
  /** True while at least one listener is subscribed. */
  readonly hasSubscribers: boolean;
  /** Hands `message` to every listener, synchronously. */
  publish(message: Message): void;
}

/**
 * The channel named `name`. A module keeps the object for its lifetime, which
 * also keeps the channel (Node holds channels weakly) and its subscribers alive.
 * @internal
 */
export function publisher<Message>(name: string): Publisher<Message> {
  return channel(name);
}

/** The name of a thrown value, for a message's `error` field. @internal */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
