import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import type { Locker } from '../../lock/core/locker.js';
import type { SaleReference } from '../../sale/sale-reference.js';
import {
  DAY_MS,
  DEFAULT_RELEASES_PER_CALL,
  MAX_RELEASES_PER_CALL,
  SECOND_MS,
} from '../../shared/options/bounds.js';
import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { callback, checked, integer } from '../../shared/options/kinds.js';
import { checkSale } from '../options/pipeline-kinds.js';
import type { ExpirySweeperOptions, SweeperErrorHandler } from './sweeper-options.js';
import { warnOncePerKind } from './warn-once-per-kind.js';
import { readArray } from '../../shared/validate/read-array.js';

/** The longest lease: a few intervals of the longest interval. */
const MAX_LEASE_MS = 3 * DAY_MS;

function checkSales(argument: string, value: unknown): readonly SaleReference[] {
  const list = readArray(argument, value, 'an array of FlashSale or SaleReference');
  return Object.freeze(list.map((sale, index) => checkSale(`${argument}[${String(index)}]`, sale)));
}

function checkLocker(argument: string, value: unknown): Locker {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof Reflect.get(value, 'tryAcquire') !== 'function'
  ) {
    throw new InvalidArgumentError(argument, value, 'a Locker (e.g. a RedisLock)');
  }
  return value as Locker;
}

const SWEEPER_FIELDS = {
  sales: checked(checkSales).required(),
  intervalMs: integer(1, DAY_MS).default(SECOND_MS),
  maxReleasesPerCall: integer(1, MAX_RELEASES_PER_CALL).default(DEFAULT_RELEASES_PER_CALL),
  lock: checked(checkLocker).optional(),
  leaseMs: integer(2, MAX_LEASE_MS).computed('three times `intervalMs`, at least `1_000`'),
  onError: callback<SweeperErrorHandler>().computed(
    'a warning (`process.emitWarning`) once per kind of error',
  ),
};

/** The options of `new ExpirySweeper(…)`. @internal */
export const EXPIRY_SWEEPER_SPEC = defineOptions<ExpirySweeperOptions>()(
  'ExpirySweeper',
  SWEEPER_FIELDS,
  (options) => {
    const leaseMs = options.leaseMs ?? Math.max(3 * options.intervalMs, SECOND_MS);
    if (leaseMs <= options.intervalMs) {
      throw new InvalidArgumentError(
        'leaseMs',
        leaseMs,
        `more than intervalMs (${String(options.intervalMs)})`,
      );
    }
    return { leaseMs, onError: options.onError ?? warnOncePerKind() };
  },
);

/** Sweeper options with defaults applied, checked. @internal */
export type ResolvedSweeperOptions = Resolved<typeof SWEEPER_FIELDS>;

/**
 * Defaults of {@link ExpirySweeperOptions}, in one place.
 * @group Options
 * @category Order pipeline
 */
export const EXPIRY_SWEEPER_DEFAULTS = EXPIRY_SWEEPER_SPEC.defaults;
