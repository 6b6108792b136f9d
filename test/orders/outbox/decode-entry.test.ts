import { describe, expect, it } from 'vitest';
import { decodeEntries, decodeEntry } from '../../../src/orders/outbox/decode-entry.js';
import { outboxKeys } from '../../../src/orders/outbox/outbox-keys.js';
import { comparePositions } from '../../../src/orders/outbox/position.js';
import { saleKeys } from '../../../src/sale/sale-keys.js';

const fields = [
  'type',
  'confirmed',
  'sale',
  'drop',
  'rid',
  'drop:7',
  'user',
  'a|b {c}',
  'qty',
  '2',
  'at',
  '1790000000123',
  'deadline',
  '1790000060000',
  'lines',
  'phone:1,case:1',
  'meta',
  '{"priceCents":100}',
];

describe('outbox entries', () => {
  it('decode into events whose id is the reservation and the change', () => {
    expect(decodeEntry(['1790000000123-4', fields])).toEqual({
      position: '1790000000123-4',
      event: {
        id: 'drop:7/confirmed',
        type: 'confirmed',
        saleId: 'drop',
        reservationId: 'drop:7',
        userId: 'a|b {c}',
        quantity: 2,
        lines: [
          { item: 'phone', quantity: 1 },
          { item: 'case', quantity: 1 },
        ],
        metadata: { priceCents: 100 },
        atMs: 1_790_000_000_123,
        deadlineMs: 1_790_000_060_000,
        position: '1790000000123-4',
      },
    });
  });

  it('keep a malformed entry without an event, and drop one deleted from the stream', () => {
    expect(decodeEntry(['1-1', ['type', 'shipped', 'rid', 'drop:1']])).toEqual({
      position: '1-1',
      event: null,
    });
    expect(
      decodeEntry(['1-2', fields.map((value) => (value === '2' ? 'two' : value))])?.event,
    ).toBeNull();
    expect(
      decodeEntries([
        ['1-3', null],
        ['1-4', fields],
      ]).map((entry) => entry.position),
    ).toEqual(['1-4']);
  });

  it('sort by time, then sequence, as Redis does', () => {
    const ids = ['10-10', '9-11', '10-9', '100-0'];
    expect([...ids].sort(comparePositions)).toEqual(['9-11', '10-9', '10-10', '100-0']);
  });

  it('put the pipeline keys in the sale’s Cluster slot', () => {
    const keys = outboxKeys(saleKeys('shop:', 'drop'), 'orders');
    expect(keys).toMatchObject({
      delivered: 'shop:{drop}:outbox:delivered:orders',
      attempts: 'shop:{drop}:outbox:attempts:orders',
      dead: 'shop:{drop}:outbox:dead:orders',
    });
  });
});
