/**
 * The package as `npm pack` would ship it, for tests that compile against the
 * published types: rebuilt first when dist/ is missing or older than anything
 * the build reads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

const BUILD_INPUTS = ['src', 'build', 'package.json', 'tsup.config.ts', 'tsup.testing.config.ts'];
const BUILD_OUTPUTS = [
  'index.d.ts',
  'index.d.cts',
  'redlock.d.ts',
  'otel.d.ts',
  'rabbitmq.d.ts',
  'nats.d.ts',
  'testing.d.ts',
  'testing.d.cts',
];

/** The newest modification time under `path`. */
function newest(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

/** Builds the package unless dist/ is newer than every input of the build. */
export function ensureBuilt(): void {
  const outputs = BUILD_OUTPUTS.map((name) => join(ROOT, 'dist', name));
  const built = outputs.every((file) => existsSync(file))
    ? Math.min(...outputs.map((file) => statSync(file).mtimeMs))
    : 0;
  const changed = Math.max(...BUILD_INPUTS.map((input) => newest(join(ROOT, input))));
  if (built > changed) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
}
