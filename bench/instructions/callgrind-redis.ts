/**
 * A private redis-server run under valgrind's callgrind, counting only the
 * instructions spent inside EVALSHA (`--toggle-collect=evalShaCommand`). An
 * instruction count does not depend on what else the machine is doing, so two
 * builds' scripts can be compared exactly on a busy machine, where rates and
 * even INFO commandstats microseconds wander.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../test/harness/free-port.js';

/** A running server; `take()` returns the instructions counted since the last take. */
export interface CallgrindRedis {
  readonly port: number;
  take(): number;
  stop(): Promise<void>;
}

async function waitForPing(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      probe.disconnect();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`redis-server under callgrind did not answer on port ${String(port)}`);
}

/** The total a callgrind dump file records. */
function dumpTotal(path: string): number {
  const match = /^(?:summary|totals): (\d+)/m.exec(readFileSync(path, 'utf8'));
  return Number(match?.[1] ?? Number.NaN);
}

/** Starts redis-server under callgrind on a free port (valgrind must be on PATH). */
export async function startCallgrindRedis(): Promise<CallgrindRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'flash-sale-callgrind-'));
  const child: ChildProcess = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--toggle-collect=evalShaCommand',
      `--callgrind-out-file=${dir}/cg.%p`,
      'redis-server',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  await waitForPing(port);
  let dumps = 0;
  const take = (): number => {
    // each dump writes the counts since the previous one to cg.<pid>.<n>
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    dumps += 1;
    const file = readdirSync(dir).find((name) => name.endsWith(`.${String(dumps)}`));
    return file === undefined ? Number.NaN : dumpTotal(join(dir, file));
  };
  take(); // start counting from here: the server's start-up is not a script
  return {
    port,
    take,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
