/**
 * How an option behaves when the caller leaves it out:
 * - `'required'`: it must be given;
 * - `'default'`: a fixed value, published in the options type's `…_DEFAULTS`;
 * - `'optional'`: it stays `undefined` (documented as `@defaultValue none`);
 * - `'computed'`: the spec's `finish` step works it out from the other options
 *   (documented with the sentence given to {@link OptionKind.computed}).
 * @internal
 */
export type Presence = 'required' | 'default' | 'optional' | 'computed';

/** Checks one option's value; throws `InvalidArgumentError` naming `argument`. @internal */
export type CheckValue<T> = (argument: string, value: unknown) => T;

declare const VALUE_TYPE: unique symbol;

/**
 * One option of a spec: its check, what absence means and its default.
 * @internal
 */
export interface OptionDef<T, P extends Presence = Presence, D = unknown> {
  readonly presence: P;
  readonly check: CheckValue<T>;
  /** The default of a `'default'` option; `undefined` otherwise. */
  readonly defaultValue: D;
  /** What leaving a `'optional'` or `'computed'` option out means, as its docs say it. */
  readonly absentDoc: string | undefined;
  /**
   * Never set. Makes `T` invariant, so a spec tied to an options interface must
   * accept exactly the interface's type (not a narrower or a wider one).
   */
  readonly [VALUE_TYPE]?: (value: T) => T;
}

/** What an option's absence is documented as when it has no default. @internal */
export const NO_DEFAULT_DOC = 'none';

/**
 * The kind of an option (an integer in a range, a boolean, …): a check, from
 * which the spec entry is made by saying what absence means.
 * @internal
 */
export class OptionKind<T> {
  constructor(readonly check: CheckValue<T>) {}

  /** The option must be given. */
  required(): OptionDef<T, 'required', undefined> {
    return {
      presence: 'required',
      check: this.check,
      defaultValue: undefined,
      absentDoc: undefined,
    };
  }

  /** Absent means `value`; the default is checked like any given value. */
  default<const V extends T>(value: V): OptionDef<T, 'default', V> {
    this.check('default', value);
    return { presence: 'default', check: this.check, defaultValue: value, absentDoc: undefined };
  }

  /** Absent stays `undefined` ("none"). */
  optional(): OptionDef<T, 'optional', undefined> {
    return {
      presence: 'optional',
      check: this.check,
      defaultValue: undefined,
      absentDoc: NO_DEFAULT_DOC,
    };
  }

  /**
   * Absent means a value the spec's `finish` step works out from the other options.
   * @param doc - how the options interface documents it (its `@defaultValue`)
   */
  computed(doc: string): OptionDef<T, 'computed', undefined> {
    return { presence: 'computed', check: this.check, defaultValue: undefined, absentDoc: doc };
  }
}
