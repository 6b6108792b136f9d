/**
 * The package as `npm pack` would ship it, for tests that compile against the
 * published types or run the built command: rebuilt first when dist/ is missing
 * or older than anything the build reads. Test files run in parallel processes,
 * so one build runs at a time (a lock directory) and a waiting caller uses the
 * build the first one made.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

const BUILD_INPUTS = [
  'src',
  'build',
  'package.json',
  'tsup.config.ts',
  'tsup.testing.config.ts',
  'tsup.cli.config.ts',
];
const BUILD_OUTPUTS = [
  'index.d.ts',
  'index.d.cts',
  'redlock.d.ts',
  'otel.d.ts',
  'rabbitmq.d.ts',
  'nats.d.ts',
  'testing.d.ts',
  'testing.d.cts',
  'cli.js',
];
const LOCK = join(ROOT, 'node_modules', '.flash-sale-build.lock');
/** A lock older than this is left over from a killed run. */
const STALE_LOCK_MS = 5 * 60_000;

/** The newest modification time under `path`. */
function newest(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

function isBuilt(): boolean {
  const outputs = BUILD_OUTPUTS.map((name) => join(ROOT, 'dist', name));
  const built = outputs.every((file) => existsSync(file))
    ? Math.min(...outputs.map((file) => statSync(file).mtimeMs))
    : 0;
  const changed = Math.max(...BUILD_INPUTS.map((input) => newest(join(ROOT, input))));
  return built > changed;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds the package unless dist/ is newer than every input of the build. */
export function ensureBuilt(): void {
  if (isBuilt()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // another test file is building: wait for it, then use its build
      const lockedAt = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (lockedAt !== undefined && Date.now() - lockedAt > STALE_LOCK_MS) {
        rmSync(LOCK, { recursive: true, force: true });
      }
      pause(200);
    }
  }
  try {
    if (!isBuilt()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
