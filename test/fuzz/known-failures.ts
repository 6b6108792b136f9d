/**
 * Inputs that misbehave on main today (found by the fuzz suites), one row per
 * class of input. The fuzz properties tolerate exactly these; known-failures.test.ts
 * replays each row's example and fails once it no longer misbehaves, so a fix
 * in src must also delete its row. The goal is an empty list.
 */
import type { Input } from './inputs.js';

/** One known misbehaviour. */
export interface KnownFuzzFailure {
  /** The entry points, as the fuzz suites name them (e.g. `cancel`, `new FlashSale`). */
  readonly entry: RegExp;
  /** Matches the call's label (`entry(arg, arg)`) for the inputs of this class. */
  readonly input: RegExp;
  /** Matches the problem (`threw TypeError: …`, `accepted a null or unknown option`). */
  readonly problem: RegExp;
  /** Why it happens, for the one who fixes it. */
  readonly why: string;
  /** A concrete call that shows it (replayed by known-failures.test.ts). */
  readonly example: { readonly entry: string; readonly args: () => readonly Input[] };
}

/** What misbehaves on main today. Empty it as src is fixed. */
export const KNOWN_FUZZ_FAILURES: readonly KnownFuzzFailure[] = [];
