/**
 * Subscribes to one of the library's diagnostics channels for a test and keeps
 * what it receives; `stop()` unsubscribes.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { DiagnosticChannelName } from '../../src/index.js';

/** The messages received on one channel. */
export interface Capture<Message> {
  readonly messages: Message[];
  /** The messages of one sale (tests share the process with others' sales). */
  of(saleId: string): Message[];
  stop(): void;
}

/** Starts capturing `name`; the message type is the one documented for that channel. */
export function capture<Message extends object>(name: DiagnosticChannelName): Capture<Message> {
  const messages: Message[] = [];
  const listener = (message: unknown): void => {
    messages.push(message as Message);
  };
  subscribe(name, listener);
  return {
    messages,
    of: (saleId) => messages.filter((message) => Reflect.get(message, 'saleId') === saleId),
    stop: () => {
      unsubscribe(name, listener);
    },
  };
}
