/**
 * Runs the real built command, `node dist/cli.js …`, as a user would, and
 * collects its exit code and output. CI builds before it tests; elsewhere
 * `ensureBuilt` (test/docs/built-package.ts) builds once when dist/ is stale.
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../docs/built-package.js';

export { ensureBuilt } from '../docs/built-package.js';
/** The built command. */
export const CLI = join(ROOT, 'dist', 'cli.js');

/** What one run of the command did. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args`; `env` replaces FLASH_SALE_REDIS_URL (absent unless given). */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'FLASH_SALE_REDIS_URL'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: { ...inherited, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The run's stdout as one JSON document, failing with its output when it is not. */
export function jsonOf(run: CliRun): unknown {
  if (run.code !== 0) throw new Error(`exit ${String(run.code)}: ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}

/**
 * Starts the command, sends it SIGINT (Ctrl-C) once its stdout has `lines`
 * lines, and answers how it ended.
 */
export async function interruptAfter(args: readonly string[], lines: number): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!sent && stdout.split('\n').length > lines) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
