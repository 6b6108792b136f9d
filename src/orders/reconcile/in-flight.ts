import type { SaleContext } from '../../sale/sale-context.js';
import { callRedis } from '../../shared/redis/call-redis.js';
import { fieldMap } from '../outbox/decode-entry.js';

/** Stream entries read per XRANGE. */
const PAGE = 1_000;

/**
 * Which of these reservations have an event in the sale's outbox stream now: on
 * their way to the store (or delivered and not yet trimmed). Reads the stream in
 * pages and keeps only the ids asked about, so memory stays bounded by `ids`.
 * @internal
 */
export async function reservationsInOutbox(
  context: SaleContext,
  operation: string,
  ids: ReadonlySet<string>,
): Promise<Set<string>> {
  const found = new Set<string>();
  if (ids.size === 0) return found;
  let start = '-';
  for (;;) {
    const reply: unknown = await callRedis(
      operation,
      context.commandTimeoutMs,
      context.client.xrange(context.keys.events, start, '+', 'COUNT', PAGE),
    );
    const entries = Array.isArray(reply) ? (reply as unknown[]) : [];
    let last: string | undefined;
    for (const entry of entries) {
      if (!Array.isArray(entry)) continue;
      const [position, fields] = entry as [unknown, unknown];
      last = String(position);
      const rid = fieldMap(fields).get('rid');
      if (rid !== undefined && ids.has(rid)) found.add(rid);
    }
    if (entries.length < PAGE || last === undefined) return found;
    start = `(${last}`;
  }
}
