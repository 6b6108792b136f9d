import { runSaleScript, type SaleContext } from '../sale-context.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';

/**
 * Where a sale stands now, by Redis's clock.
 * @group Results
 * @category Sale
 */
export type SalePhase = 'not_loaded' | 'not_started' | 'open' | 'sold_out' | 'ended';

/**
 * A sale's numbers, read in one round trip: the sums over its items (see
 * {@link FlashSale.itemStats} for each item's). Conservation always holds:
 * `available + held + sold === loaded + restocked - withdrawn`.
 * @group Results
 * @category Sale
 */
export interface SaleStats {
  /** The sale. */
  readonly saleId: string;
  /** Where the sale stands at {@link SaleStats.nowMs}. */
  readonly phase: SalePhase;
  /** Redis's clock when the numbers were read (Unix epoch ms). */
  readonly nowMs: number;
  /** Stock given to the last (forced or first) preload. */
  readonly loaded: number;
  /** Units added by restock since. */
  readonly restocked: number;
  /** Units withdrawn by restock since. */
  readonly withdrawn: number;
  /** Units that can be bought now. */
  readonly available: number;
  /** Units held, awaiting payment. */
  readonly held: number;
  /** Units sold (confirmed). */
  readonly sold: number;
  /**
   * Most units one user may hold or have bought over all items
   * ({@link MAX_PER_USER_LIMIT} when the sale has no limit of its own).
   */
  readonly perUserLimit: number;
  /** Items in the catalog. */
  readonly items: number;
  /** The payment window. */
  readonly holdMs: number;
  /** How much longer than `holdMs` a hold may be made to last by `extend`. */
  readonly maxExtendMs: number;
  /** When buying opens (epoch ms), or `null` for at once. */
  readonly startMs: number | null;
  /** When buying closes (epoch ms), or `null` for never. */
  readonly endMs: number | null;
  /** How long keys are kept after the sale's last possible hold ends. */
  readonly retainMs: number;
  /** How long a released reservation's record is kept after it ended. */
  readonly historyMs: number;
  /**
   * When every key of the sale expires (epoch ms): `endMs + holdMs + maxExtendMs + retainMs`;
   * `null` for a sale without `endMs`, whose keys never expire.
   */
  readonly expiresAtMs: number | null;
  /**
   * Holds whose deadline has passed but that are still counted in `held`: the
   * next purchase that needs their units, or `expire()`, releases them. A sale
   * whose only stock is overdue holds is `open`, not `sold_out`.
   */
  readonly overdueHolds: number;
}

function phaseOf(stats: Omit<SaleStats, 'phase'>): SalePhase {
  if (stats.startMs !== null && stats.nowMs < stats.startMs) return 'not_started';
  if (stats.endMs !== null && stats.nowMs >= stats.endMs) return 'ended';
  return stats.available === 0 && stats.overdueHolds === 0 ? 'sold_out' : 'open';
}

/** @internal */
export async function saleStats(context: SaleContext): Promise<SaleStats> {
  const reply = replyList(
    'stats',
    await runSaleScript(context, SALE_SCRIPTS.saleStats, 'stats', []),
  );
  const at = (index: number): number =>
    reply.length > index ? replyNumber('stats', reply, index) : 0;
  const optional = (index: number): number | null => (reply[index] === '' ? null : at(index));
  const stats = {
    saleId: context.saleId,
    nowMs: at(0),
    loaded: at(1),
    restocked: at(2),
    withdrawn: at(3),
    available: at(4),
    held: at(5),
    sold: at(6),
    perUserLimit: at(7),
    holdMs: at(8),
    startMs: optional(9),
    endMs: optional(10),
    retainMs: at(11),
    historyMs: at(12),
    expiresAtMs: optional(13),
    maxExtendMs: at(14),
    items: at(15),
    overdueHolds: at(16),
  };
  return { ...stats, phase: reply.length === 1 ? 'not_loaded' : phaseOf(stats) };
}
