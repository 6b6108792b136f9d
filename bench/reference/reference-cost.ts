/**
 * The reference's Redis CPU (INFO commandstats), measured as bench/redis-cost.ts
 * measures tryPurchase's: fresh buyers (every decision holds), then the same buyers
 * again (every decision is refused at the limit of 1), 256 callers, batches ≤64.
 */
import { deleteKeys } from '../delete-keys.js';
import { costPhase, type RedisCost } from '../redis-cost.js';
import { startReference } from './reference-rate.js';

/** The reference's microseconds per decision, and per call while holding. */
export async function measureReferenceCost(port: number, decisions: number): Promise<RedisCost> {
  const { batcher, client, prefix } = await startReference(port, 1_000_000_000, 1);
  const ask = async (userId: string): Promise<unknown> => batcher.hold(userId);
  try {
    await batcher.hold('warm-up'); // loads the script: its first EVALSHA fails over to EVAL
    const reserve = await costPhase(client, decisions, ask);
    const refuse = await costPhase(client, decisions, ask);
    return {
      reserveUs: reserve.perDecision,
      refuseUs: refuse.perDecision,
      reserveCallUs: reserve.perCall,
    };
  } finally {
    await deleteKeys(client, `${prefix}*`);
    client.disconnect();
  }
}
