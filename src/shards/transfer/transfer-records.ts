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

/** The ids of a space-separated `open` or `open:<item>` field (none when it is absent). @internal */
export function decodeIds(text: string | null | undefined): string[] {
  return text ? text.split(' ').filter((id) => id !== '') : [];
}

/**
 * The ids of every transfer out of the shard `source` not yet settled, over all
 * items (its `open` field): one HGET.
 * @internal
 */
export async function openTransferIds(source: SaleContext, operation: string): Promise<string[]> {
  return decodeIds(
    await callRedis(
      operation,
      source.commandTimeoutMs,
      source.client.hget(source.keys.transfers, 'open'),
    ),
  );
}

/**
 * The records of the transfers `ids` out of the shard `source`, skipping any it
 * does not hold: one HMGET, whatever their number.
 * @internal
 */
export async function outgoingById(
  source: SaleContext,
  ids: readonly string[],
  operation: string,
): Promise<OutgoingTransfer[]> {
  if (ids.length === 0) return [];
  const records = await callRedis(
    operation,
    source.commandTimeoutMs,
    source.client.hmget(source.keys.transfers, ...ids.map((id) => `out:${id}`)),
  );
  const found: OutgoingTransfer[] = [];
  ids.forEach((id, index) => {
    const text = records[index];
    const transfer = typeof text === 'string' ? decodeOutgoing(id, text) : undefined;
    if (transfer) found.push(transfer);
  });
  return found;
}

/**
 * Which of the transfers `ids` the shard `destination` has taken in (its
 * `in:<id>` records): one HMGET, whatever their number.
 * @internal
 */
export async function arrivedOf(
  destination: SaleContext,
  ids: readonly string[],
  operation: string,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const records = await callRedis(
    operation,
    destination.commandTimeoutMs,
    destination.client.hmget(destination.keys.transfers, ...ids.map((id) => `in:${id}`)),
  );
  return new Set(ids.filter((_id, index) => typeof records[index] === 'string'));
}
