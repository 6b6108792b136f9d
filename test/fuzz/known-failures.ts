/**
 * Inputs that misbehave on main today (found by the fuzz suites), one row per
 * class of input. The fuzz properties tolerate exactly these; known-failures.test.ts
 * replays each row's example and fails once it no longer misbehaves, so a fix
 * in src must also delete its row. The goal is an empty list.
 */
import { fixedHostile, input, throwingGetter, type Input } from './inputs.js';

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
export const KNOWN_FUZZ_FAILURES: readonly KnownFuzzFailure[] = [
  {
    entry: /.*/,
    input: /<revoked proxy/,
    problem: /^threw TypeError: Cannot perform '\w+' on a proxy that has been revoked$/,
    why:
      'the checks touch the value before deciding it is bad: describeValue() in ' +
      'InvalidArgumentError calls Array.isArray, isPlainObject calls Object.getPrototypeOf, ' +
      'checkOptionsObject reads fields; each throws on a revoked Proxy',
    example: { entry: 'userStatus', args: () => [fixedHostile('<revoked proxy of {}>')] },
  },
  {
    entry: /.*/,
    input: /<proxy whose traps throw>|get \w+\(\) \{ throw \}/,
    problem: /^threw HostileTrapError: /,
    why:
      "an options object whose getter (or Proxy trap) throws: the caller's exception " +
      'propagates as is instead of a typed InvalidArgumentError naming the option',
    example: {
      entry: 'tryPurchase',
      args: () => [input('"u"', () => 'u'), throwingGetter('quantity')],
    },
  },
  {
    entry: /^cancel$/,
    input: /^cancel\([^,]*, null\)$/,
    problem: /^threw TypeError: Cannot read properties of null \(reading 'reason'\)$/,
    why: 'FlashSale.cancel reads options.reason before checking that options is an object',
    example: { entry: 'cancel', args: () => [input('"fz:1"', () => 'fz:1'), fixedHostile('null')] },
  },
  {
    entry: /^expire$/,
    input: /^expire\(null\)$/,
    problem: /^threw TypeError: Cannot read properties of null \(reading 'maxBatchSize'\)$/,
    why: 'expire() reads options.maxBatchSize before checking that options is an object',
    example: { entry: 'expire', args: () => [fixedHostile('null')] },
  },
  {
    entry: /^new FlashSale$/,
    input: /redis: (?!<a Redis client>)/,
    problem:
      /^threw TypeError: (client\.defineCommand is not a function|Cannot read properties of null \(reading 'defineCommand'\))$/,
    why:
      'the constructor accepts any object (null included: typeof null is "object") as redis; ' +
      'the first call then fails with a bare TypeError',
    example: {
      entry: 'new FlashSale',
      args: () => [input('{redis: null, saleId: "s"}', () => ({ redis: null, saleId: 's' }))],
    },
  },
  {
    entry:
      /^(new FlashSale|preload|tryPurchase|cancel|expire|new InRequestOrders \+ purchase|new QueuedOrders \+ purchase)$/,
    input: /bogusOption: 1|: null[,}]/,
    problem: /^accepted a null or unknown option$/,
    why:
      'these options are read field by field (checkOptionsObject), not by resolveOptions: ' +
      'an unknown key is ignored and null is taken as the default (quantity: null buys 1)',
    example: {
      entry: 'tryPurchase',
      args: () => [
        input('"u-null"', () => 'u-null'),
        input('{quantity: null}', () => ({ quantity: null }), true),
      ],
    },
  },
];
