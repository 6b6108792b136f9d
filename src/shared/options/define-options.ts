import type { OptionDef, Presence } from './option-def.js';

/** The keys of `O` that may be left out. @internal */
type OptionalKeys<O> = {
  [K in keyof O]-?: object extends Pick<O, K> ? K : never;
}[keyof O];

/**
 * What a spec for options interface `O` must look like: one entry per key of `O`
 * (no more, no fewer), each checking exactly the key's type; required keys are
 * `required()`, optional ones have a default, are `optional()` or `computed()`.
 * @internal
 */
export type FieldsFor<O> = {
  readonly [K in keyof O]-?: OptionDef<
    Exclude<O[K], undefined>,
    K extends OptionalKeys<O> ? Exclude<Presence, 'required'> : 'required'
  >;
};

/** A field as the resolver walks it, whatever its value type. @internal */
export interface AnyField {
  readonly presence: Presence;
  readonly check: (argument: string, value: unknown) => unknown;
  readonly defaultValue: unknown;
  readonly absentDoc: string | undefined;
}

/** A spec's fields as the resolver walks them. @internal */
export function fieldsOf(spec: { readonly fields: unknown }): Readonly<Record<string, AnyField>> {
  return spec.fields as Readonly<Record<string, AnyField>>;
}

/** The value type of one field once resolved. @internal */
type ResolvedValue<D> =
  D extends OptionDef<infer T, infer P> ? (P extends 'optional' ? T | undefined : T) : never;

/** The keys of fields whose default is computed by the spec's `finish`. @internal */
export type ComputedKeys<S> = {
  [K in keyof S]: S[K] extends { readonly presence: 'computed' } ? K : never;
}[keyof S];

/** Options once resolved: every default applied, every value checked; frozen. @internal */
export type Resolved<S> = { readonly [K in keyof S]: ResolvedValue<S[K]> };

/** What `finish` sees: computed options are `undefined` unless the caller gave them. @internal */
export type ResolvedBase<S> = {
  readonly [K in keyof S]: K extends ComputedKeys<S>
    ? ResolvedValue<S[K]> | undefined
    : ResolvedValue<S[K]>;
};

/**
 * What `finish` returns: a value for every computed option; nothing when no
 * option is computed (it only checks).
 * @internal
 */
export type Completion<S> = [ComputedKeys<S>] extends [never]
  ? undefined
  : { readonly [K in ComputedKeys<S>]: ResolvedValue<S[K]> };

/**
 * The last step of resolving: checks across options (a cap not below its base …)
 * and works out the computed ones. Throws `InvalidArgumentError` naming the option.
 * @internal
 */
export type Finish<S, C> = (base: ResolvedBase<S>, context: C) => Completion<S>;

/** The keys of a spec's `'default'` options. @internal */
export type DefaultKeys<S> = {
  [K in keyof S]: S[K] extends { readonly presence: 'default' } ? K : never;
}[keyof S];

/**
 * The published defaults of options interface `O`: its options that have a fixed
 * default, typed through `O` itself so the public type names only `O` (whose
 * properties carry the docs).
 * @internal
 */
export type PublishedDefaults<O, S> = Readonly<Pick<Required<O>, DefaultKeys<S> & keyof O>>;

/**
 * The one declaration of an options type: its fields, its published defaults and
 * the cross-option step. Resolve with `resolveOptions`.
 * @internal
 */
export interface OptionsSpec<S, C = undefined, D = unknown> {
  /** Who takes these options, for messages: `'RedisLock'`, `'readDeadLetters'`. */
  readonly owner: string;
  readonly fields: S;
  /** The values of the options with a fixed default, frozen. */
  readonly defaults: D;
  /** True when no field is required, so the whole options argument may be left out. */
  readonly argumentOptional: boolean;
  readonly finish: Finish<S, C> | undefined;
}

/** Refuses keys of `S` that `O` does not have. @internal */
type NoExtraKeys<S, O> = Readonly<Record<Exclude<keyof S, keyof O>, never>>;

/** `finish` is required exactly when some option is computed. @internal */
type FinishArgument<S, C> = [ComputedKeys<S>] extends [never]
  ? [finish?: Finish<S, C>]
  : [finish: Finish<S, C>];

/**
 * Declares the options of one entry point, tied to its documented interface `O`
 * at compile time: a key missing from the spec, a key the interface lacks, or a
 * check whose type differs from the interface's does not compile. `C` is what
 * `finish` needs besides the options (a lock's per-call options need the lock's).
 *
 * @example
 * ```ts
 * const SPEC = defineOptions<QueuedOrdersOptions>()('QueuedOrders', {
 *   sale: saleOption.required(),
 *   group: textIdKind().default('orders'),
 * });
 * ```
 * @internal
 */
export function defineOptions<O extends object, C = undefined>() {
  return <S extends FieldsFor<O>>(
    owner: string,
    fields: S & NoExtraKeys<S, O>,
    ...[finish]: FinishArgument<NoInfer<S>, C>
  ): OptionsSpec<S, C, PublishedDefaults<O, S>> => {
    const entries = Object.entries(fieldsOf({ fields }));
    const defaults = Object.fromEntries(
      entries.flatMap(([key, def]) =>
        def.presence === 'default' ? [[key, def.defaultValue] as const] : [],
      ),
    );
    return Object.freeze({
      owner,
      fields,
      defaults: Object.freeze(defaults) as PublishedDefaults<O, S>,
      argumentOptional: entries.every(([, def]) => def.presence !== 'required'),
      finish,
    });
  };
}
