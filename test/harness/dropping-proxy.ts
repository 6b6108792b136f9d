/**
 * A TCP proxy in front of a redis-server that can lose a reply on purpose: told
 * to drop after a command matching X, it lets the command through, waits for
 * Redis's reply, and instead of forwarding that reply closes both connections.
 * Redis has run the command; the client never heard, so ioredis reconnects (to
 * the proxy again) and re-sends it (`autoResendUnfulfilledCommands`): exactly the
 * dropped-connection case of issue 7.
 *
 * It follows the RESP2/RESP3 framing both ways to pair each reply with its
 * command (push frames `>` answer no command), and otherwise forwards bytes as
 * they are.
 */
import { createHash } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';

/** A command as sent by the client: its name and arguments as UTF-8 strings. */
export type Command = readonly string[];

/** Decides, given a command and Redis's raw reply to it, whether that reply is to be dropped. */
export type CommandMatcher = (command: Command, reply: string) => boolean;

/** What a drop did. */
export interface Drop {
  /** The command whose reply was lost. */
  readonly command: Command;
  /** The reply Redis gave, as raw RESP (never delivered). */
  readonly reply: string;
}

/** A running proxy. */
export interface DroppingProxy {
  /** Where clients connect. */
  readonly port: number;
  /** Replies dropped so far. */
  readonly drops: readonly Drop[];
  /** Connections accepted so far (a reconnect counts again). */
  readonly connections: number;
  /**
   * Drops the connection right after Redis's reply to the next command matching
   * `match` has arrived, before it is forwarded. Resolves once it happened.
   */
  dropAfterReply(match: CommandMatcher): Promise<Drop>;
  /**
   * From now on drops after each matching reply with this probability (0 stops);
   * for soaks. A one-shot {@link dropAfterReply} takes precedence.
   */
  dropRandomly(match: CommandMatcher, probability: number): void;
  /** Closes every open connection now (as a network failure would). */
  cutAll(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Options of {@link startDroppingProxy}. */
export interface DroppingProxyOptions {
  /** The redis-server's port. */
  readonly redisPort: number;
  /** The proxy's own port; a free one when absent. */
  readonly port?: number;
  /** Called with every command and the raw reply Redis gave it (dropped or not). */
  readonly onReply?: (command: Command, reply: string) => void;
}

const CRLF = '\r\n';

/**
 * Where the RESP value starting at `start` ends (exclusive), or -1 when the
 * buffer does not hold all of it yet.
 */
export function frameEnd(buffer: Buffer, start: number): number {
  if (start >= buffer.length) return -1;
  const lineEnd = buffer.indexOf(CRLF, start);
  if (lineEnd === -1) return -1;
  const type = String.fromCharCode(buffer[start] ?? 0);
  const header = buffer.toString('latin1', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
    case '(':
      return next;
    case '$':
    case '!':
    case '=': {
      const length = Number(header);
      if (length < 0) return next;
      const end = next + length + 2;
      return end <= buffer.length ? end : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      const count = Number(header);
      if (count < 0) return next;
      const elements = type === '%' || type === '|' ? 2 * count : count;
      let position = next;
      for (let index = 0; index < elements; index++) {
        position = frameEnd(buffer, position);
        if (position === -1) return -1;
      }
      // an attribute (`|`) is followed by the value it describes
      return type === '|' ? frameEnd(buffer, position) : position;
    }
    default:
      // an inline command (a line of words): only a human with telnet sends these
      return next;
  }
}

/** The bulk strings of a command frame (`*N` of `$len`), as UTF-8. */
export function decodeCommand(frame: Buffer): Command {
  const parts: string[] = [];
  if (frame[0] !== 0x2a) return frame.toString('utf8').trim().split(/\s+/);
  let position = frame.indexOf(CRLF) + 2;
  while (position < frame.length) {
    const lineEnd = frame.indexOf(CRLF, position);
    const length = Number(frame.toString('latin1', position + 1, lineEnd));
    parts.push(frame.toString('utf8', lineEnd + 2, lineEnd + 2 + length));
    position = lineEnd + 2 + length + 2;
  }
  return parts;
}

/** True for a reply that says the script did not run because Redis lacks it. */
function isNoScript(reply: string): boolean {
  return reply.startsWith('-NOSCRIPT');
}

/**
 * Matches the script calls (EVALSHA, or EVAL of any source) whose first key is
 * `key`, e.g. every script of one sale by its meta key, that Redis ran (not a
 * NOSCRIPT refusal, after which ioredis sends EVAL itself). The scripts' SHAs
 * may change; their keys say which sale they act on.
 */
export function scriptOnKey(key: string): CommandMatcher {
  return (command, reply) => {
    const name = (command[0] ?? '').toUpperCase();
    if (name !== 'EVALSHA' && name !== 'EVAL') return false;
    return Number(command[2]) > 0 && command[3] === key && !isNoScript(reply);
  };
}

/** Matches EVALSHA of this SHA, and EVAL of the source that has it, when Redis ran it. */
export function scriptWithSha(sha: string): CommandMatcher {
  return (command, reply) => {
    if (isNoScript(reply)) return false;
    const name = (command[0] ?? '').toUpperCase();
    if (name === 'EVALSHA') return command[1] === sha;
    if (name === 'EVAL')
      return (
        createHash('sha1')
          .update(command[1] ?? '')
          .digest('hex') === sha
      );
    return false;
  };
}

interface Armed {
  readonly match: CommandMatcher;
  readonly resolve: (drop: Drop) => void;
}

/** Starts a proxy to the redis-server on `redisPort`. */
export async function startDroppingProxy(options: DroppingProxyOptions): Promise<DroppingProxy> {
  const drops: Drop[] = [];
  const sockets = new Set<Socket>();
  let armed: Armed | undefined;
  let random: { match: CommandMatcher; probability: number } | undefined;
  let connections = 0;

  const shouldDrop = (command: Command, reply: string): Armed | 'random' | undefined => {
    if (armed?.match(command, reply) === true) {
      const hit = armed;
      armed = undefined;
      return hit;
    }
    if (
      random !== undefined &&
      random.match(command, reply) &&
      Math.random() < random.probability
    ) {
      return 'random';
    }
    return undefined;
  };

  const server: Server = createServer((client) => {
    connections += 1;
    const upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    const pending: Command[] = [];
    let fromClient = Buffer.alloc(0);
    let fromServer = Buffer.alloc(0);
    let cut = false;
    const cutBoth = (): void => {
      cut = true;
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    upstream.connect(options.redisPort, '127.0.0.1');

    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      fromClient = Buffer.concat([fromClient, chunk]);
      let start = 0;
      for (;;) {
        const end = frameEnd(fromClient, start);
        if (end === -1) break;
        pending.push(decodeCommand(fromClient.subarray(start, end)));
        start = end;
      }
      // forward the bytes of whole commands only, so a cut never leaves half a command
      if (start > 0) upstream.write(fromClient.subarray(0, start));
      fromClient = fromClient.subarray(start);
    });

    upstream.on('data', (chunk: Buffer) => {
      if (cut) return;
      fromServer = Buffer.concat([fromServer, chunk]);
      let start = 0;
      const forwardFrom = 0;
      for (;;) {
        const end = frameEnd(fromServer, start);
        if (end === -1) break;
        const isPush = fromServer[start] === 0x3e; // '>'
        const command = isPush ? undefined : pending.shift();
        const reply = command === undefined ? '' : fromServer.toString('utf8', start, end);
        if (command !== undefined) options.onReply?.(command, reply);
        const decision = command === undefined ? undefined : shouldDrop(command, reply);
        if (command !== undefined && decision !== undefined) {
          // deliver the replies before this one, lose this one and the connection
          if (start > forwardFrom) client.write(fromServer.subarray(forwardFrom, start));
          const drop = { command, reply };
          drops.push(drop);
          cutBoth();
          if (decision !== 'random') decision.resolve(drop);
          return;
        }
        start = end;
      }
      if (start > forwardFrom) client.write(fromServer.subarray(forwardFrom, start));
      fromServer = fromServer.subarray(start);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    drops,
    get connections() {
      return connections;
    },
    async dropAfterReply(match) {
      if (armed !== undefined) throw new Error('a drop is already armed');
      return new Promise<Drop>((resolve) => {
        armed = { match, resolve };
      });
    },
    dropRandomly(match, probability) {
      random = probability > 0 ? { match, probability } : undefined;
    },
    cutAll() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      armed = undefined;
      random = undefined;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
