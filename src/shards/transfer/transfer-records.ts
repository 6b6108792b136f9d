import type { SaleContext } from '../../sale/sale-context.js';
import { callRedis } from '../../shared/redis/call-redis.js';

/**
 * Units one shard gave another (an `out:<id>` field of its transfers hash,
 * src/sale/lua/lib/transfers.lua): `open` while they are in transit, `settled`
 * once the destination has them.
 * @internal
 */
export interface OutgoingTransfer {
  readonly id: string;
  readonly state: 'open' | 'settled';
  readonly units: number;
  readonly item: string;
  /** The destination shard's sale id. */
  readonly destination: string;
}

const OUTGOING = /^(open|settled) (\d+) (\S+) (\S+)$/;
const OUT_PREFIX = 'out:';
/** Fields read per HSCAN step: records are small, and a sale makes few transfers. */
const SCAN_COUNT = 200;

/** The record `text` of transfer `id`, or undefined when it is malformed. @internal */
export function decodeOutgoing(id: string, text: string): OutgoingTransfer | undefined {
  const match = OUTGOING.exec(text);
  if (!match) return undefined;
  const [, state, units, item, destination] = match as unknown as [
    string,
    'open' | 'settled',
    string,
    string,
    string,
  ];
  return { id, state, units: Number(units), item, destination };
}

/** Every transfer the shard `source` gave, open or settled (HSCAN of its transfers hash). @internal */
export async function outgoingTransfers(
  source: SaleContext,
  operation: string,
): Promise<OutgoingTransfer[]> {
  const found: OutgoingTransfer[] = [];
  let cursor = '0';
  do {
    const reply: unknown = await callRedis(
      operation,
      source.commandTimeoutMs,
      source.client.hscan(
        source.keys.transfers,
        cursor,
        'MATCH',
        `${OUT_PREFIX}*`,
        'COUNT',
        SCAN_COUNT,
      ),
    );
    const [next, flat] = Array.isArray(reply) ? (reply as [unknown, unknown]) : ['0', []];
    if (Array.isArray(flat)) {
      for (let index = 0; index + 1 < flat.length; index += 2) {
        const field = String(flat[index]);
        if (!field.startsWith(OUT_PREFIX)) continue;
        const transfer = decodeOutgoing(field.slice(OUT_PREFIX.length), String(flat[index + 1]));
        if (transfer) found.push(transfer);
      }
    }
    cursor = String(next);
  } while (cursor !== '0');
  return found;
}

/** Whether the shard `destination` has the units of transfer `id` (its `in:<id>` record). @internal */
export async function hasArrived(
  destination: SaleContext,
  id: string,
  operation: string,
): Promise<boolean> {
  const reply = await callRedis(
    operation,
    destination.commandTimeoutMs,
    destination.client.hexists(destination.keys.transfers, `in:${id}`),
  );
  return reply === 1;
}
