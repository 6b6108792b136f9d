/**
 * Declares the fuzz test of one entry point: generated inputs, the call, the
 * verdict ({@link judge}), and the sale's numbers before and after.
 */
import { test, type fc } from '@fast-check/vitest';
import { afterAll, beforeAll, expect } from 'vitest';
import { ENTRIES } from './entries.js';
import { openFuzzContext, type FuzzContext } from './fuzz-context.js';
import { conserved, judge, numbers, outcomeOf, problemOf, refused } from './judge.js';
import type { Input } from './inputs.js';

/** Runs one call of `entry` with `args` and checks everything; returns the problem, if any. */
export async function checkCall(
  ctx: FuzzContext,
  entry: string,
  args: readonly Input[],
): Promise<string | null> {
  const spec = ENTRIES[entry];
  if (spec === undefined) throw new Error(`no entry ${entry}`);
  const values = args.map((arg) => arg.make());
  const target = spec.prepare === undefined ? ctx.sale : await spec.prepare(ctx, values);
  const before = await numbers(target);
  const outcome = await outcomeOf(() => spec.call(ctx, values, target));
  const after = await numbers(target);
  expect(conserved(after), `conservation after ${entry}`).toBe(true);
  // a refused call (typed error, rejection result, or a bare error) loses nothing
  if (refused(outcome) || outcome.kind === 'bare') expect(after).toEqual(before);
  judge(entry, args, outcome);
  return problemOf(outcome, args);
}

/** Declares one context for a file and a property test per entry named. */
export function fuzzEntries(label: string, entries: readonly string[]): void {
  let ctx: FuzzContext | undefined;
  const ref = (): FuzzContext => {
    if (ctx === undefined) throw new Error('fuzz context not open');
    return ctx;
  };
  beforeAll(async () => {
    ctx = await openFuzzContext(label);
  });
  afterAll(async () => {
    await ctx?.close();
  });
  const seed = process.env['FLASH_SALE_FUZZ_SEED'];
  for (const entry of entries) {
    const spec = ENTRIES[entry];
    if (spec === undefined) throw new Error(`no entry ${entry}`);
    const scale = Number(process.env['FLASH_SALE_FUZZ_SCALE'] ?? '1');
    const parameters: fc.Parameters<Input[]> = {
      numRuns: Math.max(1, Math.round(spec.runs * scale)),
      ...(seed === undefined ? {} : { seed: Number(seed) }),
    };
    test.prop([...spec.args(ref)], parameters)(
      `${entry}: succeeds or fails typed, losing nothing`,
      async (...args) => {
        await checkCall(ref(), entry, args);
      },
    );
  }
}
