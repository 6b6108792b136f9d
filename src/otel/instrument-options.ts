import type { MeterProvider } from '@opentelemetry/api';
import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import { defineOptions, type Resolved } from '../shared/options/define-options.js';
import { boolean, checked, textIdKind } from '../shared/options/kinds.js';

/**
 * Settings of {@link instrumentFlashSale}.
 * @group Options
 */
export interface InstrumentFlashSaleOptions {
  /**
   * Where the metrics go: your SDK's `MeterProvider`.
   * @defaultValue the global one (`metrics.getMeterProvider()` of `@opentelemetry/api`)
   */
  readonly meterProvider?: MeterProvider;
  /**
   * The name of the meter the instruments are created on.
   * @defaultValue `'flash-sale'`
   */
  readonly meterName?: string;
  /**
   * Whether purchased units carry the item as an attribute. Turn it off for
   * catalogs of thousands of items: each item is a time series of its own.
   * @defaultValue `true`
   */
  readonly itemAttribute?: boolean;
}

function checkMeterProvider(argument: string, value: unknown): MeterProvider {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof Reflect.get(value, 'getMeter') !== 'function'
  ) {
    throw new InvalidArgumentError(argument, value, 'a MeterProvider (with getMeter)');
  }
  return value as MeterProvider;
}

const INSTRUMENT_FIELDS = {
  meterProvider: checked(checkMeterProvider).computed(
    'the global one (`metrics.getMeterProvider()` of `@opentelemetry/api`)',
  ),
  meterName: textIdKind().default('flash-sale'),
  itemAttribute: boolean().default(true),
};

/**
 * The options of `instrumentFlashSale(…)`. The global provider is looked up by
 * the caller (it needs `@opentelemetry/api`), so this spec stays free of it.
 * @internal
 */
export const INSTRUMENT_SPEC = defineOptions<InstrumentFlashSaleOptions, () => MeterProvider>()(
  'instrumentFlashSale',
  INSTRUMENT_FIELDS,
  (options, globalProvider: () => MeterProvider) => ({
    meterProvider: options.meterProvider ?? globalProvider(),
  }),
);

/** Options with defaults applied, checked. @internal */
export type ResolvedInstrumentOptions = Resolved<typeof INSTRUMENT_FIELDS>;

/**
 * Defaults of {@link InstrumentFlashSaleOptions}, in one place.
 * @group Options
 */
export const INSTRUMENT_FLASH_SALE_DEFAULTS = INSTRUMENT_SPEC.defaults;
