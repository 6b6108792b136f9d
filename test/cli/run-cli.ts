/**
 * Runs the real built command, `node dist/cli.js …`, as a user would, and
 * collects its exit code and output. The tests need `npm run build` first (CI
 * builds before it tests); a missing or stale build fails them with that advice.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built command. */
export const CLI = join(ROOT, 'dist', 'cli.js');

/** What one run of the command did. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function newestSource(dir: string, skip?: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Throws, with the fix, unless dist/cli.js is built from the current src/cli and
 * the dist/index.js it runs from the current rest of src/.
 */
export function assertBuilt(): void {
  const index = join(ROOT, 'dist', 'index.js');
  if (!existsSync(CLI) || !existsSync(index)) {
    throw new Error(`${CLI} is not built: run \`npm run build\` before the CLI tests`);
  }
  const cliSources = join(ROOT, 'src', 'cli');
  if (
    newestSource(cliSources) > statSync(CLI).mtimeMs ||
    newestSource(join(ROOT, 'src'), cliSources) > statSync(index).mtimeMs
  ) {
    throw new Error(`${CLI} is older than src/: run \`npm run build\` before the CLI tests`);
  }
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
