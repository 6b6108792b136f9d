/** One line naming the machine a run measured: cores, CPU model, load, node, redis. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

/** Describes this machine (the load average says how shared it was at the start). */
export function describeMachine(): string {
  const redis = execFileSync('redis-server', ['--version']).toString().split(' ').slice(0, 3);
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `machine: ${String(cpus().length)} cores × ${cpus()[0]?.model ?? '?'}, load average ${load}, node ${process.version}, ${redis.join(' ')}`;
}
