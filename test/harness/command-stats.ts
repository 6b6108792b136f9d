import type { Redis } from 'ioredis';

/** Calls per command from INFO commandstats, e.g. `{ evalsha: 3 }`. */
export async function commandCalls(client: Redis): Promise<Record<string, number>> {
  const info = await client.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    calls[match[1] ?? ''] = Number(match[2]);
  }
  return calls;
}

/** How many more times each command ran between two readings (zero entries left out). */
export function callsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [name, count] of Object.entries(after)) {
    const more = count - (before[name] ?? 0);
    if (more > 0) delta[name] = more;
  }
  return delta;
}
