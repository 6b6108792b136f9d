/**
 * A private nats-server with JetStream (a free port, its own store directory),
 * for the tests that kill and restart it: the shared one on 4222 stays untouched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/free-port.js';

const BINARY = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';

/** A running private server. */
export interface NatsServer {
  readonly port: number;
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  /** kill -9; the store directory stays for a restart. */
  kill(): Promise<void>;
  /** Starts it again on the same port and store (after kill). */
  restart(): Promise<void>;
  /** Stops it and removes the store. */
  stop(): Promise<void>;
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', () => {
      socket.destroy();
      resolve(true); // nats-server greets with INFO
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function waitUntilAnswering(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null)
      throw new Error(`nats-server exited with ${String(child.exitCode)}`);
    if (await answers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nats-server on ${String(port)} did not answer`);
}

/** Starts a private nats-server with JetStream. */
export async function startNatsServer(): Promise<NatsServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'flash-sale-nats-'));
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], {
      stdio: 'ignore',
    });
    child.on('error', (error) => {
      console.error(`could not start ${BINARY} (${error.message}); apt-get install -y nats-server`);
    });
    await waitUntilAnswering(port, child);
  };
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    port,
    address: `127.0.0.1:${String(port)}`,
    kill,
    restart: launch,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
