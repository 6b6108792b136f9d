/**
 * The shard a sharded restock goes to, from each shard's units of the item
 * available (read just before): an addition to the shard with the fewest (its
 * buyers are the likeliest to run short), a withdrawal from the one with the
 * most (the likeliest to have them). One shard, so the restock stays one atomic
 * step; ties go to the lowest index.
 * @internal
 */
export function restockShard(available: readonly number[], delta: number): number {
  let chosen = 0;
  available.forEach((units, index) => {
    const best = available[chosen] ?? 0;
    if (delta > 0 ? units < best : units > best) chosen = index;
  });
  return chosen;
}
