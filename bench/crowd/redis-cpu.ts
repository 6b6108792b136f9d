/**
 * Redis's own accounting of the CPU it spent, read around a phase: the purchase
 * script's microseconds (INFO commandstats, EVALSHA and EVAL, reset first) and
 * the whole server's user + system CPU (INFO cpu, a delta).
 */
import type { Redis } from 'ioredis';

/** What a phase cost Redis. */
export interface RedisCpu {
  /** µs inside EVALSHA/EVAL (the purchase script; nothing else runs scripts here). */
  readonly scriptUs: number;
  /** Script calls (each carries a batch of decisions). */
  readonly scriptCalls: number;
  /** µs of server CPU, user + system. */
  readonly serverUs: number;
}

const field = (info: string, name: string): number =>
  Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 'NaN');

async function serverCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return (field(info, 'used_cpu_user') + field(info, 'used_cpu_sys')) * 1e6;
}

async function scriptStats(redis: Redis): Promise<{ us: number; calls: number }> {
  const info = await redis.info('commandstats');
  let us = 0;
  let calls = 0;
  for (const command of ['evalsha', 'eval']) {
    const line = new RegExp(`^cmdstat_${command}:(.*)$`, 'm').exec(info)?.[1] ?? '';
    us += Number(/usec=(\d+)/.exec(line)?.[1] ?? 0);
    calls += Number(/calls=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return { us, calls };
}

/** Runs `phase` and returns its result with what it cost Redis. */
export async function measureRedisCpu<T>(
  redis: Redis,
  phase: () => Promise<T>,
): Promise<[T, RedisCpu]> {
  await redis.config('RESETSTAT');
  const cpuBefore = await serverCpuUs(redis);
  const result = await phase();
  const cpuAfter = await serverCpuUs(redis);
  const script = await scriptStats(redis);
  return [
    result,
    { scriptUs: script.us, scriptCalls: script.calls, serverUs: cpuAfter - cpuBefore },
  ];
}
