/**
 * The crowd bench's child processes, seen from the parent: started once (each a
 * Node process running child.ts with tsx), then given one job each at a time,
 * all starting at the same wall-clock instant.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Job } from './protocol.js';
import { wallNow } from './wall-clock.js';

interface Worker {
  readonly child: ChildProcess;
  readonly lines: AsyncIterator<string>;
}

/** A started group of child processes. */
export interface Crowd {
  readonly size: number;
  /** Gives job `jobFor(i)` to process `i` (its `startAt` set for all alike) and awaits every report. */
  run<R>(jobFor: (index: number, startAt: number) => Job): Promise<R[]>;
  stop(): Promise<void>;
}

async function nextLine(worker: Worker): Promise<string> {
  const line = await worker.lines.next();
  if (line.done === true) throw new Error('a crowd process exited before answering');
  return line.value;
}

/** Starts `size` processes buying from the server on `port`; resolves once all are ready. */
export async function startCrowd(port: number, size: number): Promise<Crowd> {
  const script = fileURLToPath(new URL('./child.ts', import.meta.url));
  const workers: Worker[] = Array.from({ length: size }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(port)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[
      Symbol.asyncIterator
    ]();
    return { child, lines };
  });
  for (const worker of workers) {
    if ((await nextLine(worker)) !== 'ready') throw new Error('a crowd process did not start');
  }
  return {
    size,
    async run<R>(jobFor: (index: number, startAt: number) => Job): Promise<R[]> {
      // time for every process to read its job before any starts (jobs can be large)
      const startAt = wallNow() + 200;
      workers.forEach((worker, index) => {
        worker.child.stdin?.write(`${JSON.stringify(jobFor(index, startAt))}\n`);
      });
      return Promise.all(workers.map(async (worker) => JSON.parse(await nextLine(worker)) as R));
    },
    async stop() {
      await Promise.all(
        workers.map(
          async (worker) =>
            new Promise<void>((resolve) => {
              if (worker.child.exitCode !== null) resolve();
              else {
                worker.child.once('exit', () => {
                  resolve();
                });
                worker.child.stdin?.end();
              }
            }),
        ),
      );
    },
  };
}
