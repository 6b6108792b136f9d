/** The one options resolver, on a spec of its own with every kind and presence. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { isInvalidArgumentError, InvalidArgumentError } from '../../../src/index.js';
import { defineOptions } from '../../../src/shared/options/define-options.js';
import {
  boolean,
  callback,
  checked,
  fraction,
  instanceOf,
  integer,
  oneOf,
  text,
  textIdKind,
} from '../../../src/shared/options/kinds.js';
import { resolveOptions } from '../../../src/shared/options/resolve-options.js';

/** A documented options type, as the library's own are. */
interface ToyOptions {
  readonly name: string;
  readonly size?: number;
  readonly ratio?: number;
  readonly loud?: boolean;
  readonly mode?: 'fast' | 'safe';
  readonly label?: string;
  readonly onDone?: (count: number) => void;
  readonly signal?: AbortSignal;
  readonly doubled?: number;
  readonly even?: number;
}

const TOY = defineOptions<ToyOptions, { readonly base: number }>()(
  'Toy',
  {
    name: textIdKind().required(),
    size: integer(1, 10).default(3),
    ratio: fraction(0, 1).default(0.5),
    loud: boolean().default(false),
    mode: oneOf('fast', 'safe').default('safe'),
    label: text().optional(),
    onDone: callback<(count: number) => void>().optional(),
    signal: instanceOf(AbortSignal, 'an AbortSignal').optional(),
    doubled: integer(0, 100).computed('twice `size`'),
    even: checked((argument, value) => {
      if (typeof value !== 'number' || value % 2 !== 0) {
        throw new InvalidArgumentError(argument, value, 'an even number');
      }
      return value;
    }).optional(),
  },
  (options, context) => {
    if (options.size > context.base) {
      throw new InvalidArgumentError(
        'size',
        options.size,
        `at most base (${String(context.base)})`,
      );
    }
    return { doubled: options.doubled ?? 2 * options.size };
  },
);

const context = { base: 8 };

/** The InvalidArgumentError `resolve` throws for `given`. */
function refusal(given: unknown): InvalidArgumentError {
  try {
    resolveOptions(TOY, given, context);
  } catch (error) {
    if (isInvalidArgumentError(error)) return error;
    throw error;
  }
  throw new Error('expected InvalidArgumentError, nothing was thrown');
}

describe('resolveOptions', () => {
  it('merges the defaults, computes what is computed, and freezes the result', () => {
    const resolved = resolveOptions(TOY, { name: 'n' }, context);
    expect(resolved).toEqual({
      name: 'n',
      size: 3,
      ratio: 0.5,
      loud: false,
      mode: 'safe',
      label: undefined,
      onDone: undefined,
      signal: undefined,
      doubled: 6,
      even: undefined,
    });
    expect(Object.isFrozen(resolved)).toBe(true);
    expectTypeOf(resolved.size).toEqualTypeOf<number>();
    expectTypeOf(resolved.mode).toEqualTypeOf<'fast' | 'safe'>();
    expectTypeOf(resolved.label).toEqualTypeOf<string | undefined>();
    expectTypeOf(resolved.doubled).toEqualTypeOf<number>();
    expectTypeOf(resolved.onDone).toEqualTypeOf<((count: number) => void) | undefined>();
  });

  it('keeps what was given, and treats undefined as absent', () => {
    const onDone = (): void => undefined;
    const resolved = resolveOptions(
      TOY,
      { name: 'n', size: 4, mode: 'fast', onDone, doubled: 1, label: undefined },
      context,
    );
    expect(resolved).toMatchObject({ size: 4, mode: 'fast', onDone, doubled: 1, label: undefined });
  });

  it('publishes the fixed defaults, frozen, and only those', () => {
    expect(TOY.defaults).toEqual({ size: 3, ratio: 0.5, loud: false, mode: 'safe' });
    expect(Object.isFrozen(TOY.defaults)).toBe(true);
    expect(TOY.argumentOptional).toBe(false);
  });

  it.each([
    ['null', null],
    ['undefined, when an option is required', undefined],
    ['a number', 7],
    ['a string', 'name=n'],
    ['an array', [['name', 'n']]],
    ['a Map', new Map([['name', 'n']])],
    [
      'a class instance',
      new (class Options {
        name = 'n';
      })(),
    ],
  ])('refuses %s as the options', (_what, given) => {
    const error = refusal(given);
    expect(error.argument).toBe('options');
    expect(error.value).toBe(given);
    expect(error.message).toContain('an options object of Toy (a plain object)');
  });

  it('accepts an object without a prototype', () => {
    const given = Object.assign(Object.create(null) as object, { name: 'n' });
    expect(resolveOptions(TOY, given, context).name).toBe('n');
  });

  it('refuses an unknown key, naming it, the owner and the likely meant one', () => {
    const error = refusal({ name: 'n', SIZE: 4 });
    expect(error.argument).toBe('SIZE');
    expect(error.value).toBe(4);
    expect(error.message).toContain('Toy has no option "SIZE" (did you mean size?)');
    expect(error.message).toContain('its options are name, size, ratio');
    expect(refusal({ name: 'n', colour: 'red' }).message).not.toContain('did you mean');
  });

  it('refuses a missing required option', () => {
    expect(refusal({ size: 4 })).toMatchObject({ argument: 'name', value: undefined });
  });

  const wrong: [keyof ToyOptions, unknown, string][] = [
    ['name', null, 'a non-empty string'],
    ['name', '', 'a non-empty string'],
    ['size', null, 'an integer from 1 to 10'],
    ['size', 11, 'an integer from 1 to 10'],
    ['size', '3', 'an integer from 1 to 10'],
    ['ratio', 1, 'a number from 0 to below 1'],
    ['ratio', null, 'a number from 0 to below 1'],
    ['loud', 'yes', 'a boolean'],
    ['loud', null, 'a boolean'],
    ['mode', 'turbo', "one of 'fast', 'safe'"],
    ['label', null, 'a string'],
    ['label', 5, 'a string'],
    ['onDone', 'log', 'a function'],
    ['onDone', null, 'a function'],
    ['signal', new AbortController(), 'an AbortSignal'],
    ['doubled', null, 'an integer from 0 to 100'],
    ['even', 3, 'an even number'],
  ];
  it.each(wrong)('refuses %s = %o, quoting it', (key, value, expectation) => {
    const error = refusal({ name: 'n', [key]: value });
    expect(error.argument).toBe(key);
    expect(error.value).toBe(value);
    expect(error.message).toContain(expectation);
  });

  it('runs the cross-option step with its context', () => {
    expect(refusal({ name: 'n', size: 9 })).toMatchObject({ argument: 'size', value: 9 });
    expect(resolveOptions(TOY, { name: 'n', size: 9 }, { base: 9 }).doubled).toBe(18);
  });

  it('lets a spec whose options are all optional be called without them', () => {
    const spec = defineOptions<{ readonly size?: number }>()('Small', {
      size: integer(1, 10).default(2),
    });
    expect(spec.argumentOptional).toBe(true);
    expect(resolveOptions(spec, undefined)).toEqual({ size: 2 });
    expect(() => resolveOptions(spec, null)).toThrow(/or undefined; got null/);
  });

  it('checks a default against its own kind when the spec is declared', () => {
    expect(() => integer(1, 10).default(11)).toThrow(InvalidArgumentError);
  });
});
