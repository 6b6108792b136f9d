/**
 * After the crowd: checks the sale's promises through the public read API.
 * Oversold and duplicates must both be 0.
 */
import type { FlashSale, SaleStats } from '../../src/index.js';

/** The checks the demo prints. */
export interface Audit {
  readonly stats: SaleStats;
  readonly oversold: number;
  readonly usersOverLimit: number;
  readonly conserved: boolean;
}

/** Reads the final numbers and every winner's standing. */
export async function auditSale(sale: FlashSale, winners: Iterable<string>): Promise<Audit> {
  const stats = await sale.stats();
  const supply = stats.loaded + stats.restocked - stats.withdrawn;
  let usersOverLimit = 0;
  for (const userId of winners) {
    const status = await sale.userStatus(userId);
    const units = (status?.reservations ?? [])
      .filter((r) => r.state !== 'released')
      .reduce((sum, r) => sum + r.quantity, 0);
    if (units > stats.perUserLimit || units !== status?.used) usersOverLimit++;
  }
  return {
    stats,
    oversold: Math.max(0, stats.held + stats.sold - supply),
    usersOverLimit,
    conserved: stats.available + stats.held + stats.sold === supply,
  };
}
