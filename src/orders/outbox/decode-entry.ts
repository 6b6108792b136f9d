import { decodeLines } from '../../sale/catalog/lines.js';
import { decodeMetadata } from '../../sale/catalog/metadata.js';
import { orderEventId, type OrderEvent, type OrderEventType } from './order-event.js';

/** One entry of the outbox stream, decoded. @internal */
export interface OutboxEntry {
  /** The stream entry id. */
  readonly position: string;
  /** The event, or `null` when the entry is not a well-formed hold event. */
  readonly event: OrderEvent | null;
  /**
   * The consumer group a re-driven dead letter was put back for (redrive-5.lua);
   * absent on the sale's own entries, which are for every group.
   */
  readonly redriveFor?: string;
}

/** An entry that carries a well-formed event. @internal */
export type EventEntry = OutboxEntry & { readonly event: OrderEvent };

const TYPES = new Set<string>(['reserved', 'confirmed', 'cancelled', 'expired', 'failed']);

/** A stream entry's flat `[field, value, …]` list as a map. @internal */
export function fieldMap(fields: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!Array.isArray(fields)) return map;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    map.set(String(fields[index]), String(fields[index + 1]));
  }
  return map;
}

function count(text: string | undefined): number {
  const value = Number(text);
  return text !== undefined && /^\d+$/.test(text) ? value : Number.NaN;
}

/**
 * The hold event in a stream entry's fields, as src/sale/lua/lib/outbox.lua writes
 * them (dead-letter-5.lua copies them under the same names), or `null` when they
 * are not a well-formed hold event.
 * @internal
 */
export function decodeEvent(position: string, map: ReadonlyMap<string, string>): OrderEvent | null {
  const type = map.get('type') ?? '';
  const event = {
    saleId: map.get('sale') ?? '',
    reservationId: map.get('rid') ?? '',
    userId: map.get('user') ?? '',
    quantity: count(map.get('qty')),
    atMs: count(map.get('at')),
    deadlineMs: count(map.get('deadline')),
    lines: decodeLines(map.get('lines') ?? ''),
    metadata: decodeMetadata(map.get('meta') ?? ''),
  };
  const wellFormed =
    TYPES.has(type) &&
    event.reservationId !== '' &&
    event.saleId !== '' &&
    event.lines !== null &&
    [event.quantity, event.atMs, event.deadlineMs].every(Number.isFinite);
  if (!wellFormed || event.lines === null) return null;
  const eventType = type as OrderEventType;
  return {
    id: orderEventId(event.reservationId, eventType),
    type: eventType,
    ...event,
    lines: event.lines,
    position,
  };
}

/**
 * Decodes one stream entry `[id, [field, value, …]]`. Returns `null` for an entry
 * the stream no longer holds (deleted while pending).
 * @internal
 */
export function decodeEntry(raw: unknown): OutboxEntry | null {
  if (!Array.isArray(raw) || typeof raw[0] !== 'string') return null;
  const [position, fields] = raw as [string, unknown];
  if (fields === null) return null;
  const map = fieldMap(fields);
  const event = decodeEvent(position, map);
  const redriveFor = map.get('redrive');
  return redriveFor === undefined ? { position, event } : { position, event, redriveFor };
}

/** Decodes a list of raw stream entries, dropping those no longer in the stream. @internal */
export function decodeEntries(raw: unknown): OutboxEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(decodeEntry).filter((entry) => entry !== null);
}
