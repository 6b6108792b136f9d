/**
 * Starts throwaway `redis-server` processes on free ports, so tests never touch
 * the shared server on 6379.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/** A running test server. */
export interface RedisServer {
  readonly port: number;
  readonly dir: string;
  /** Graceful shutdown (SIGTERM), then the data directory is removed. */
  stop(): Promise<void>;
  /** Crash (SIGKILL); the data directory stays for a restart. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory (after kill). */
  restart(): Promise<void>;
}

/** Options for {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Extra `redis-server` arguments, e.g. `['--appendonly', 'yes']`. */
  readonly args?: readonly string[];
  readonly port?: number;
}

function spawnServer(port: number, dir: string, args: readonly string[]): ChildProcess {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args],
    { stdio: 'ignore' },
  );
  child.on('error', (error) => {
    console.error(
      `could not start redis-server (${error.message}); install it with: apt-get install -y redis-server`,
    );
  });
  return child;
}

async function waitForPing(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const client = new Redis({
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      await sleep(25);
    }
  }
  throw new Error(`redis-server on port ${String(port)} did not answer PING`);
}

async function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill(signal);
  await done;
}

/** Starts a `redis-server` on a free port and waits until it answers PING. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), `flash-sale-redis-${String(port)}-`));
  const args = options.args ?? [];
  let child = spawnServer(port, dir, args);
  await waitForPing(port);
  return {
    port,
    dir,
    async stop() {
      await exited(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await exited(child, 'SIGKILL');
    },
    async restart() {
      await exited(child, 'SIGKILL');
      child = spawnServer(port, dir, args);
      await waitForPing(port);
    },
  };
}
