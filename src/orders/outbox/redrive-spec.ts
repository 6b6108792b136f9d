import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { defineOptions } from '../../shared/options/define-options.js';
import { checked, oneOf, textIdKind } from '../../shared/options/kinds.js';
import { isPlainObject } from '../../shared/options/plain-object.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { readArray } from '../../shared/validate/read-array.js';
import { groupOption } from '../options/pipeline-kinds.js';
import { entryId } from './dead-letter-id.js';
import type { DeadLetterFilter, RedriveDeadLettersOptions } from './redrive-types.js';

/** Every form of a selection at once, as one options object: the checks need one shape. */
interface FlatSelection extends DeadLetterFilter {
  readonly ids?: readonly string[];
  readonly all?: true;
}

/** A selection once checked: exactly one of the three forms. @internal */
export type CheckedSelection =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | { readonly kind: 'filter'; readonly filter: DeadLetterFilter }
  | { readonly kind: 'all' };

const EXPECTED =
  'one of { ids: [...] }, a filter ({ type, reservationId, userId, compensation }), { all: true }';

function checkIds(argument: string, value: unknown): readonly string[] {
  const list = readArray(argument, value, 'an array of dead letter ids');
  return Object.freeze(list.map((id) => entryId(argument, id)));
}

const SELECTION_SPEC = defineOptions<FlatSelection>()(
  'redriveDeadLetters',
  {
    ids: checked(checkIds).optional(),
    all: checked((argument, value): true => {
      if (value !== true) throw new InvalidArgumentError(argument, value, 'true');
      return true;
    }).optional(),
    type: oneOf('reserved', 'confirmed', 'cancelled', 'expired', 'failed').optional(),
    reservationId: textIdKind().optional(),
    userId: textIdKind().optional(),
    compensation: oneOf('released', 'already_released', 'sold', 'unknown', 'none').optional(),
  },
  ({ ids, all, ...filter }) => {
    const forms = [ids, all, Object.values(filter).some((v) => v !== undefined) || undefined];
    if (forms.filter((form) => form !== undefined).length !== 1) {
      throw new InvalidArgumentError('selection', { ids, all, ...filter }, EXPECTED);
    }
    return undefined;
  },
);

/** Checks a selection; throws InvalidArgumentError naming the bad field. @internal */
export function checkSelection(value: unknown): CheckedSelection {
  if (!isPlainObject(value)) throw new InvalidArgumentError('selection', value, EXPECTED);
  const { ids, all, type, reservationId, userId, compensation } = resolveOptions(
    SELECTION_SPEC,
    value,
  );
  if (ids !== undefined) return { kind: 'ids', ids };
  if (all === true) return { kind: 'all' };
  const filter: { -readonly [K in keyof DeadLetterFilter]: DeadLetterFilter[K] } = {};
  if (type !== undefined) filter.type = type;
  if (reservationId !== undefined) filter.reservationId = reservationId;
  if (userId !== undefined) filter.userId = userId;
  if (compensation !== undefined) filter.compensation = compensation;
  return { kind: 'filter', filter };
}

/** The options of `redriveDeadLetters`. @internal */
export const REDRIVE_SPEC = defineOptions<RedriveDeadLettersOptions>()('redriveDeadLetters', {
  group: groupOption,
});
