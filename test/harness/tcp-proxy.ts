/**
 * A plain TCP proxy in front of a server (any protocol: AMQP, NATS, …) that can
 * play a broker restart without touching the shared broker: `cutAll()` drops
 * every open connection at once, `refuse()` closes each new connection as soon
 * as it arrives (a broker that is starting), `accept()` lets them through again.
 * `holdReplies()` stops forwarding the server's bytes (they are buffered), so a
 * test can cut a connection after the server has acted on a request but before
 * the client heard: a confirm or ack lost on the way.
 *
 * Unlike dropping-proxy.ts, which pairs RESP commands with their replies, this
 * one forwards bytes as they are.
 */
import { createServer, Socket, type Server } from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  /** Where clients connect. */
  readonly port: number;
  /** Connections let through so far (a reconnect counts again). */
  readonly accepted: number;
  /** Connections closed on arrival while refusing. */
  readonly refused: number;
  /** Connections cut by {@link TcpProxy.cutAll}. */
  readonly cut: number;
  /** Closes every open connection now (as a broker going down would). */
  cutAll(): void;
  /** From now on, closes each new connection on arrival. */
  refuse(): void;
  /** From now on, lets new connections through again. */
  accept(): void;
  /** From now on, keeps the server's bytes instead of forwarding them. */
  holdReplies(): void;
  /** Forwards what was held, and everything from now on. */
  releaseReplies(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  held: Buffer[];
}

/** Starts a proxy on a free port to `targetPort` on 127.0.0.1. */
export async function startTcpProxy(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let refusing = false;
  let holding = false;
  let accepted = 0;
  let refused = 0;
  let cut = 0;

  const server: Server = createServer((client) => {
    client.on('error', () => undefined);
    if (refusing) {
      refused += 1;
      client.destroy();
      return;
    }
    accepted += 1;
    const upstream = new Socket();
    upstream.on('error', () => undefined);
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    upstream.connect(targetPort, targetHost);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (holding) pair.held.push(chunk);
      else client.write(chunk);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  const destroyAll = (): number => {
    const count = pairs.size;
    for (const pair of [...pairs]) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
    return count;
  };

  return {
    port,
    get accepted() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    get cut() {
      return cut;
    },
    cutAll() {
      cut += destroyAll();
    },
    refuse() {
      refusing = true;
    },
    accept() {
      refusing = false;
    },
    holdReplies() {
      holding = true;
    },
    releaseReplies() {
      holding = false;
      for (const pair of pairs) {
        for (const chunk of pair.held.splice(0)) pair.client.write(chunk);
      }
    },
    async close() {
      destroyAll();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
