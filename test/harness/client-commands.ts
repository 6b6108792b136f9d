import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import type { Redis } from 'ioredis';

/** Commands one client sends, as MONITOR sees them. */
export interface ClientCommandLog {
  /** Ends the log and returns the names (lowercase) the client sent since it began, in order. */
  stop(): Promise<string[]>;
}

// A MONITOR line: +1795307634.707881 [0 127.0.0.1:58776] "evalsha" "…" …
// Commands run by scripts carry the source `lua` instead of an address.
const MONITOR_LINE = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]*)"(?: "([^"]*)")?/;

/**
 * Logs the commands `client` sends to the server on `port`, leaving out those that
 * scripts run inside Redis. Unlike INFO commandstats, this tells a client's own
 * round trips from a script's work. MONITOR is spoken over a raw socket: ioredis 6's
 * monitor mode can mistake monitor lines for its handshake replies.
 */
export async function logClientCommands(port: number, client: Redis): Promise<ClientCommandLog> {
  const address = /addr=(\S+)/.exec(await client.client('INFO'))?.[1];
  if (address === undefined) throw new Error('CLIENT INFO gave no address');
  const socket = connect(port, '127.0.0.1');
  const lines = createInterface({ input: socket });
  const sent: string[] = [];
  const end = `log-end-${randomUUID()}`;
  let ended: () => void = () => undefined;
  const seenEnd = new Promise<void>((resolve) => {
    ended = resolve;
  });
  const monitoring = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    lines.on('line', (line) => {
      if (line === '+OK') resolve();
      const match = MONITOR_LINE.exec(line);
      if (match?.[1] !== address) return;
      if (match[3] === end) ended();
      else sent.push((match[2] ?? '').toLowerCase());
    });
  });
  socket.write('MONITOR\r\n');
  await monitoring;
  return {
    async stop() {
      // MONITOR lines arrive after the replies they describe: the client sends a
      // marker last, and the log ends when the marker is seen.
      await client.echo(end);
      await seenEnd;
      socket.destroy();
      return sent;
    },
  };
}
