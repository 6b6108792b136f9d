import type { Redis } from 'ioredis';

/**
 * Deletes every key matching `pattern`, a page at a time: a bench leaves many
 * (one op key per purchase call), too many to pass to one DEL.
 */
export async function deleteKeys(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
