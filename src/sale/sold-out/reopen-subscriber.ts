import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../../shared/redis/redis-client.js';
import { SoldOutFlags } from './sold-out-flags.js';

/**
 * One subscriber connection per client, shared by every sale on that client in
 * this process, listening to each sale's reopened channel (published by the sale
 * scripts, src/sale/lua/lib/items.lua). It is opened at a sale's first sold_out
 * answer, not before: a process that never sees a sell-out opens no connection.
 * It closes when its client ends (`quit()`/`disconnect()`), so it never keeps a
 * process alive on its own.
 *
 * Pub/sub delivers at most once: while the connection is down or a subscription
 * is not yet confirmed, the sale's flags are not consulted, and each (re)confirmed
 * subscription starts with no flags, since a message may have been missed then.
 * @internal
 */
class ReopenSubscriber {
  private connection: RedisClient | undefined;
  private readonly flags = new Map<string, SoldOutFlags>();
  private closed = false;

  constructor(private readonly client: RedisClient) {}

  /** The shared flags of the sale whose reopened channel is `channel`. */
  flagsFor(channel: string): SoldOutFlags {
    let flags = this.flags.get(channel);
    if (flags === undefined) {
      flags = new SoldOutFlags();
      this.flags.set(channel, flags);
    }
    return flags;
  }

  /** Subscribes to `channel` (once; the connection is opened on first use). */
  listen(channel: string): void {
    if (this.closed) return;
    const flags = this.flags.get(channel);
    if (flags === undefined || flags.listening) return;
    flags.listening = true;
    this.confirm(this.open(), channel, flags);
  }

  private open(): RedisClient {
    if (this.connection !== undefined) return this.connection;
    const connection = this.client.isCluster
      ? (this.client as Cluster).duplicate()
      : (this.client as Redis).duplicate();
    this.connection = connection;
    connection.on('error', () => undefined); // surfaced as untrusted flags, never thrown
    connection.on('message', (channel: string, message: string) => {
      this.flags.get(channel)?.reopen(message === '*' ? '*' : message.split(','));
    });
    let lost = false; // the connection dropped since the subscriptions were confirmed
    const untrust = (): void => {
      lost = true;
      for (const flags of this.flags.values()) flags.reset(false);
    };
    connection.on('close', untrust);
    connection.on('reconnecting', untrust);
    // ioredis re-subscribes by itself after a reconnect; confirming again here is
    // what tells us the subscriptions are live (the first connection's are
    // confirmed by listen(): no second SUBSCRIBE for them)
    connection.on('ready', () => {
      if (!lost) return;
      lost = false;
      for (const [channel, flags] of this.flags) {
        if (flags.listening) this.confirm(connection, channel, flags);
      }
    });
    const end = (): void => {
      this.closed = true;
      untrust();
      connection.disconnect();
    };
    this.client.once('end', end);
    connection.once('end', untrust);
    return connection;
  }

  private confirm(connection: RedisClient, channel: string, flags: SoldOutFlags): void {
    connection.subscribe(channel).then(
      () => {
        if (!this.closed) flags.reset(true);
      },
      () => {
        flags.reset(false);
      },
    );
  }
}

const subscribers = new WeakMap<RedisClient, ReopenSubscriber>();

/** The reopen subscriber of `client` in this process. @internal */
export function reopenSubscriber(client: RedisClient): ReopenSubscriber {
  let subscriber = subscribers.get(client);
  if (subscriber === undefined) {
    subscriber = new ReopenSubscriber(client);
    subscribers.set(client, subscriber);
  }
  return subscriber;
}
