/**
 * The fuzz property: a call either succeeds or fails with a typed error of this
 * library (`isFlashSaleError`), never a bare TypeError/RangeError, never a hang;
 * options the conventions say are refused (an unknown key, a key set to `null`)
 * are refused; and a refused call changes nothing in the sale.
 */
import { isFlashSaleError, type FlashSale, type SaleStats } from '../../src/index.js';
import type { Input } from './inputs.js';
import { KNOWN_FUZZ_FAILURES, type KnownFuzzFailure } from './known-failures.js';

/** How a call ended. */
export type Outcome =
  | { readonly kind: 'ok'; readonly value: unknown }
  | { readonly kind: 'typed'; readonly error: Error }
  | { readonly kind: 'bare'; readonly error: unknown }
  | { readonly kind: 'hung' };

/** Longest a single fuzzed call may take before it counts as hung (a safety net, not a timing check). */
const HANG_MS = 15_000;

/** Runs `call` (sync or async) and classifies how it ended. */
export async function outcomeOf(call: () => unknown): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      resolve({ kind: 'hung' });
    }, HANG_MS);
  });
  const run = (async (): Promise<Outcome> => {
    try {
      return { kind: 'ok', value: await call() };
    } catch (error) {
      return isFlashSaleError(error) ? { kind: 'typed', error } : { kind: 'bare', error };
    }
  })();
  try {
    return await Promise.race([run, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Describes any thrown value without trusting it. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    return `non-Error ${typeof error}`;
  } catch {
    return 'an error that cannot be described';
  }
}

/** What was wrong with an outcome, or null when it is acceptable. */
export function problemOf(outcome: Outcome, args: readonly Input[]): string | null {
  switch (outcome.kind) {
    case 'bare':
      return `threw ${describeError(outcome.error)}`;
    case 'hung':
      return `did not settle within ${String(HANG_MS)} ms`;
    case 'ok':
      return args.some((arg) => arg.mustRefuse) ? 'accepted a null or unknown option' : null;
    case 'typed':
      return null;
  }
}

/** The label of a call, as reports and the known-failure list print it. */
export function callLabel(entry: string, args: readonly Input[]): string {
  return `${entry}(${args.map((arg) => arg.label).join(', ')})`;
}

/** The known failure this problem is, if listed. */
export function knownFailure(
  entry: string,
  args: readonly Input[],
  problem: string,
): KnownFuzzFailure | undefined {
  const label = callLabel(entry, args);
  return KNOWN_FUZZ_FAILURES.find(
    (known) => known.entry.test(entry) && known.input.test(label) && known.problem.test(problem),
  );
}

/**
 * Fails (throws, so fast-check shrinks and reports it) on a problem that is not in
 * the known-failure list; returns quietly for an acceptable or known one.
 */
export function judge(entry: string, args: readonly Input[], outcome: Outcome): void {
  const problem = problemOf(outcome, args);
  if (problem === null) return;
  if (knownFailure(entry, args, problem) !== undefined) return;
  throw new Error(`${callLabel(entry, args)} ${problem}`);
}

/** The numbers of a sale that a refused call must leave as they were. */
export type Numbers = Omit<SaleStats, 'nowMs' | 'phase'>;

/** Reads the sale's numbers (everything but the clock and the phase it implies). */
export async function numbers(sale: FlashSale): Promise<Numbers> {
  const stats: Record<string, unknown> = { ...(await sale.stats()) };
  delete stats['nowMs'];
  delete stats['phase'];
  return stats as Numbers;
}

/** True when conservation holds for these numbers. */
export function conserved(n: Numbers): boolean {
  return n.available >= 0 && n.available + n.held + n.sold === n.loaded + n.restocked - n.withdrawn;
}

/** Whether the outcome is a refusal: a typed error, or a purchase result with `ok: false`. */
export function refused(outcome: Outcome): boolean {
  if (outcome.kind === 'typed') return true;
  if (outcome.kind !== 'ok') return false;
  const value = outcome.value;
  return typeof value === 'object' && value !== null && Reflect.get(value, 'ok') === false;
}
