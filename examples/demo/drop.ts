/**
 * What the demo sells and what its buyers ask for: a phone drop with two
 * accessories. The limits are chosen so each one can bite: the phone and the
 * charger are 1 per buyer, the case 2, and the sale 3 in all, so a buyer who won
 * a phone + charger and comes back for two cases is refused by the sale's limit,
 * not an item's.
 */
import type { CatalogItem, ReservationLine } from '../../src/index.js';

/** The sale's limit over all items together, per buyer. */
export const SALE_LIMIT = 3;

/** An item of the drop: its limit is always given, so the report can print it. */
export type DropItem = CatalogItem & { readonly perUserLimit: number };

/** The catalog for `stock` phones. */
export function dropItems(stock: number): readonly DropItem[] {
  return [
    { id: 'phone', stock, perUserLimit: 1 },
    { id: 'case', stock: 2 * stock, perUserLimit: 2 },
    { id: 'charger', stock, perUserLimit: 1 },
  ];
}

/** One kind of request: a single line (tryPurchase) or a cart (tryPurchaseCart). */
export interface Order {
  readonly name: string;
  readonly lines: readonly ReservationLine[];
  /** Buyers in a thousand placing it; they add up to 1000 (integers: no float edges). */
  readonly perMille: number;
}

/** The mix: mostly phones, since that is what a drop's crowd comes for. */
export const ORDERS: readonly Order[] = [
  { name: 'phone', lines: [{ item: 'phone', quantity: 1 }], perMille: 300 },
  {
    name: 'phone + case',
    lines: [
      { item: 'phone', quantity: 1 },
      { item: 'case', quantity: 1 },
    ],
    perMille: 200,
  },
  {
    name: 'phone + charger',
    lines: [
      { item: 'phone', quantity: 1 },
      { item: 'charger', quantity: 1 },
    ],
    perMille: 150,
  },
  { name: 'case x2', lines: [{ item: 'case', quantity: 2 }], perMille: 150 },
  { name: 'case', lines: [{ item: 'case', quantity: 1 }], perMille: 100 },
  { name: 'charger', lines: [{ item: 'charger', quantity: 1 }], perMille: 100 },
];

/** The order placed by a buyer whose fixed draw is `perMille`, 0 to 999. */
export function orderFor(perMille: number): Order {
  let below = 0;
  for (const order of ORDERS) {
    below += order.perMille;
    if (perMille < below) return order;
  }
  throw new RangeError(`a draw from 0 to 999; got ${String(perMille)}`);
}

/** "phone:1,case:1": a cart's lines as one comparable string. */
export const linesKey = (lines: readonly ReservationLine[]): string =>
  lines.map((line) => `${line.item}:${String(line.quantity)}`).join(',');
