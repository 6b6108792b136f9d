/**
 * A spec is tied to its documented interface at compile time: `npm run typecheck`
 * fails on every `@ts-expect-error` below that stops being an error.
 */
import { describe, expect, it } from 'vitest';
import { defineOptions } from '../../../src/shared/options/define-options.js';
import { integer, oneOf, text } from '../../../src/shared/options/kinds.js';

interface Tied {
  readonly size?: number;
  readonly mode?: 'fast' | 'safe';
  readonly name: string;
}

describe('a spec and its interface cannot drift', () => {
  it('compiles only when keys, types and presence match', () => {
    const good = defineOptions<Tied>()('Tied', {
      size: integer(1, 9).default(1),
      mode: oneOf('fast', 'safe').default('safe'),
      name: text().required(),
    });
    expect(Object.keys(good.fields)).toEqual(['size', 'mode', 'name']);

    // @ts-expect-error: a key of the interface is missing from the spec
    defineOptions<Tied>()('Tied', {
      size: integer(1, 9).default(1),
      name: text().required(),
    });
    defineOptions<Tied>()('Tied', {
      size: integer(1, 9).default(1),
      mode: oneOf('fast', 'safe').default('safe'),
      name: text().required(),
      // @ts-expect-error: a key the interface does not have (a typo)
      sise: integer(1, 9).default(1),
    });
    defineOptions<Tied>()('Tied', {
      size: integer(1, 9).default(1),
      // @ts-expect-error: the spec accepts fewer values than the interface allows
      mode: oneOf('fast').default('fast'),
      name: text().required(),
    });
    defineOptions<Tied>()('Tied', {
      // @ts-expect-error: the spec checks another type than the interface's
      size: text().default('1'),
      mode: oneOf('fast', 'safe').default('safe'),
      name: text().required(),
    });
    defineOptions<Tied>()('Tied', {
      size: integer(1, 9).default(1),
      mode: oneOf('fast', 'safe').default('safe'),
      // @ts-expect-error: a required option cannot have a default
      name: text().default('x'),
    });
    defineOptions<Tied>()('Tied', {
      // @ts-expect-error: an optional option cannot be required
      size: integer(1, 9).required(),
      mode: oneOf('fast', 'safe').default('safe'),
      name: text().required(),
    });
    defineOptions<Tied>()(
      'Tied',
      {
        size: integer(1, 9).computed('one more than nothing'),
        mode: oneOf('fast', 'safe').default('safe'),
        name: text().required(),
      },
      // @ts-expect-error: a computed option must be computed by finish
      () => undefined,
    );
  });
});
