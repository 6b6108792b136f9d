import { defineOptions } from '../../shared/options/define-options.js';
import { checked, integer } from '../../shared/options/kinds.js';
import { groupOption } from '../options/pipeline-kinds.js';
import { entryId } from './dead-letter-id.js';
import type { DeadLetterOptions, ReadDeadLettersOptions } from './dead-letter-types.js';

/** The options of `removeDeadLetters`. @internal */
export const DEAD_LETTER_SPEC = defineOptions<DeadLetterOptions>()('removeDeadLetters', {
  group: groupOption,
});

/** The options of `readDeadLetters`. @internal */
export const READ_DEAD_LETTERS_SPEC = defineOptions<ReadDeadLettersOptions>()('readDeadLetters', {
  group: groupOption,
  count: integer(1, 10_000).default(100),
  after: checked(entryId).optional(),
});

/**
 * Defaults of {@link DeadLetterOptions}.
 * @group Options
 * @category Order pipeline
 */
export const DEAD_LETTER_DEFAULTS = DEAD_LETTER_SPEC.defaults;

/**
 * Defaults of {@link ReadDeadLettersOptions}.
 * @group Options
 * @category Order pipeline
 */
export const READ_DEAD_LETTERS_DEFAULTS = READ_DEAD_LETTERS_SPEC.defaults;
