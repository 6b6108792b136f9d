/**
 * Generated arguments for the fuzz suites. Every argument is an {@link Input}: a
 * label (what a failure report prints, and what the known-failure list matches)
 * and a `make()` that builds a fresh value for each call, so a revoked Proxy or
 * an object with throwing getters is new every time and fast-check never has to
 * print (or touch) the hostile value itself.
 */
import { fc } from '@fast-check/vitest';

/** One generated argument. */
export interface Input {
  /** What the value is, e.g. `null`, `"u3"`, `{quantity: NaN}`, `<revoked proxy>`. */
  readonly label: string;
  /** Builds the value (a fresh one per call). */
  readonly make: () => unknown;
  /**
   * For an options object: a key is given `null` or is unknown, which the
   * conventions say must be refused by name (DEVELOPERS.md, options).
   */
  readonly mustRefuse: boolean;
}

/** Thrown by the hostile objects' traps and getters. */
export class HostileTrapError extends Error {
  override name = 'HostileTrapError';
}

/** An input with this label and maker. */
export function input(label: string, make: () => unknown, mustRefuse = false): Input {
  return {
    label,
    make,
    mustRefuse,
    [fc.toStringMethod]: () => label,
  } as Input;
}

const trap = (what: string) => (): never => {
  throw new HostileTrapError(`hostile ${what}`);
};

/** A Proxy whose every trap throws. */
function throwingProxy(): object {
  return new Proxy(
    {},
    {
      get: trap('get'),
      has: trap('has'),
      ownKeys: trap('ownKeys'),
      getPrototypeOf: trap('getPrototypeOf'),
      getOwnPropertyDescriptor: trap('getOwnPropertyDescriptor'),
    },
  );
}

function revoked(target: object): object {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

const FIXED_HOSTILE: readonly (readonly [string, () => unknown])[] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['NaN', () => Number.NaN],
  ['-0', () => -0],
  ['0', () => 0],
  ['-1', () => -1],
  ['1.5', () => 1.5],
  ['Infinity', () => Number.POSITIVE_INFINITY],
  ['-Infinity', () => Number.NEGATIVE_INFINITY],
  ['2**53', () => 2 ** 53],
  ['2**53+2', () => 2 ** 53 + 2],
  ['1e21', () => 1e21],
  ['-1e21', () => -1e21],
  ['1e308', () => 1e308],
  ['Number.MIN_VALUE', () => Number.MIN_VALUE],
  ['10n', () => 10n],
  ['true', () => true],
  ['false', () => false],
  ['""', () => ''],
  ['" "', () => ' '],
  ['"x"×100000', () => 'x'.repeat(100_000)],
  ['"秒"×1000', () => '秒'.repeat(1000)],
  ['"\\uD800" (lone surrogate)', () => '\uD800'],
  ['"a\\u0000b"', () => 'a\u0000b'],
  ['"{x}"', () => '{x}'],
  ['"*"', () => '*'],
  ['"__proto__"', () => '__proto__'],
  ['"1e3"', () => '1e3'],
  ['" 5 "', () => ' 5 '],
  ['Symbol("fuzz")', () => Symbol('fuzz')],
  ['Symbol.iterator', () => Symbol.iterator],
  ['[]', () => []],
  ['[1]', () => [1]],
  ['["a","b"]', () => ['a', 'b']],
  ['sparse array(3)', () => new Array<unknown>(3)],
  ['{}', () => ({})],
  ['Object.create(null)', () => Object.create(null) as object],
  ['new Date(0)', () => new Date(0)],
  ['/re/', () => /re/],
  ['new Map()', () => new Map()],
  ['new Number(5)', () => new Number(5)],
  ['new String("u")', () => new String('u')],
  ['Promise.resolve(1)', () => Promise.resolve(1)],
  ['() => 1', () => () => 1],
  [
    'class {}',
    () =>
      class Empty {
        readonly empty = true;
      },
  ],
  ['<proxy whose traps throw>', throwingProxy],
  ['<revoked proxy of {}>', () => revoked({})],
  ['<revoked proxy of []>', () => revoked([])],
  [
    '<object whose toString/valueOf/toPrimitive throw>',
    () => ({
      toString: trap('toString'),
      valueOf: trap('valueOf'),
      [Symbol.toPrimitive]: trap('toPrimitive'),
    }),
  ],
];

/** The fixed hostile value with this label (for the known-failure examples). */
export function fixedHostile(label: string): Input {
  const found = FIXED_HOSTILE.find(([name]) => name === label);
  if (found === undefined) throw new Error(`no fixed hostile value ${label}`);
  return input(found[0], found[1]);
}

/** An object whose property `key` is a getter that throws. */
export function throwingGetter(key: string): Input {
  return input(`{get ${key}() { throw }}`, () => {
    const built = {};
    Object.defineProperty(built, key, { enumerable: true, get: trap('getter') });
    return built;
  });
}

/** Hostile values: fixed nasty ones and random numbers, strings and anything. */
export const hostile: fc.Arbitrary<Input> = fc.oneof(
  {
    arbitrary: fc.constantFrom(...FIXED_HOSTILE).map(([label, make]) => input(label, make)),
    weight: 6,
  },
  {
    arbitrary: fc
      .oneof(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.double(),
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.anything({ maxDepth: 1 }),
      )
      .map((value) => fromValue(value)),
    weight: 3,
  },
);

function fromValue(value: unknown): Input {
  return input(fc.stringify(value), () => value);
}

/** A valid value, labelled by its printout. */
export function valid<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<Input> {
  return arbitrary.map((value) => input(fc.stringify(value), () => value));
}

/** A valid value made fresh per call (e.g. a client), with a fixed label. */
export function validMade(label: string, make: () => unknown): fc.Arbitrary<Input> {
  return fc.constant(input(label, make));
}

/** Valid about two times in three, hostile otherwise. */
export function validOr(validInput: fc.Arbitrary<Input>): fc.Arbitrary<Input> {
  return fc.oneof({ arbitrary: validInput, weight: 2 }, { arbitrary: hostile, weight: 1 });
}

/** Shape of an options object: each known key maps to its input arbitrary. */
export type Fields = Readonly<Record<string, fc.Arbitrary<Input>>>;

/**
 * An options argument: absent, a hostile non-object, or an object with any subset
 * of `fields` (each valid or hostile), sometimes with an unknown key, a key set to
 * `null`, or one key behind a getter that throws.
 */
export function options(fields: Fields, required: readonly string[] = []): fc.Arbitrary<Input> {
  const names = Object.keys(fields);
  const record = fc.record(fields, { requiredKeys: [...required] });
  const tweak = fc.oneof(
    { arbitrary: fc.constant({ kind: 'none' as const }), weight: 6 },
    { arbitrary: fc.constant({ kind: 'unknown' as const }), weight: 1 },
    {
      arbitrary: fc.constantFrom(...names).map((key) => ({ kind: 'null' as const, key })),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(...names).map((key) => ({ kind: 'getter' as const, key })),
      weight: 1,
    },
  );
  const object = fc.tuple(record, tweak).map(([given, change]) => {
    const entries = Object.entries(given as Record<string, Input>).filter(
      ([key]) => change.kind === 'none' || change.kind === 'unknown' || key !== change.key,
    );
    const parts = entries.map(([key, value]) => `${key}: ${value.label}`);
    let mustRefuse = false;
    if (change.kind === 'unknown') {
      parts.push('bogusOption: 1');
      mustRefuse = true;
    } else if (change.kind === 'null') {
      parts.push(`${change.key}: null`);
      mustRefuse = true;
    } else if (change.kind === 'getter') {
      parts.push(`get ${change.key}() { throw }`);
    }
    return input(
      `{${parts.join(', ')}}`,
      () => {
        const built: Record<string, unknown> = {};
        for (const [key, value] of entries) built[key] = value.make();
        if (change.kind === 'unknown') built['bogusOption'] = 1;
        else if (change.kind === 'null') built[change.key] = null;
        else if (change.kind === 'getter') {
          Object.defineProperty(built, change.key, { enumerable: true, get: trap('getter') });
        }
        return built;
      },
      mustRefuse,
    );
  });
  return fc.oneof(
    { arbitrary: fc.constant(input('(absent)', () => undefined)), weight: 1 },
    { arbitrary: hostile, weight: 2 },
    { arbitrary: object, weight: 6 },
  );
}

/** An alphanumeric id, valid as a user id, idempotency key, group or lock key. */
export const textId = fc.stringMatching(/^[a-z0-9]{1,12}$/);
