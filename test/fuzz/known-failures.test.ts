/**
 * Replays each known fuzz failure's example: while it still misbehaves the row
 * stays; once src is fixed this fails, asking for the row to be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFuzzContext, type FuzzContext } from './fuzz-context.js';
import { knownFailure } from './judge.js';
import { KNOWN_FUZZ_FAILURES } from './known-failures.js';
import { checkCall } from './run-entry.js';

describe('known fuzz failures (delete a row once it is fixed)', () => {
  let ctx: FuzzContext;
  beforeAll(async () => {
    ctx = await openFuzzContext('fuzz-known');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('lists nothing: every fuzzed input is handled (a new row needs a reason to exist)', () => {
    expect(KNOWN_FUZZ_FAILURES.map((row) => row.why)).toEqual([]);
  });

  it.each(KNOWN_FUZZ_FAILURES.map((row) => [row.example.entry, row] as const))(
    '%s still misbehaves as listed',
    async (entry, row) => {
      const args = row.example.args();
      const problem = await checkCall(ctx, entry, args);
      expect(problem, 'fixed: delete this row from KNOWN_FUZZ_FAILURES').not.toBeNull();
      expect(knownFailure(entry, args, problem ?? '')).toBe(row);
    },
  );
});
