/**
 * Every ```ts block in README.md and docs/*.md compiles against the built
 * package, with the strictness this repository uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './built-package.js';
import { codeBlocks, type CodeBlock } from './markdown-blocks.js';
import { typeCheckBlocks } from './type-check-blocks.js';

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

const blocksOf = (file: string): CodeBlock[] =>
  codeBlocks(file, readFileSync(join(ROOT, file), 'utf8'));

describe('code blocks in the docs', () => {
  it('all compile against the built package', { timeout: 240_000 }, () => {
    const blocks = DOCS.flatMap(blocksOf);
    const skipped = blocks.filter((block) => block.skip !== null);
    expect(blocks.length - skipped.length).toBeGreaterThanOrEqual(10);
    const errors = typeCheckBlocks(blocks).map(({ where, message }) => `${where}: ${message}`);
    expect(errors).toEqual([]);
  });

  it(
    'catches a block that does not compile, at its line, and follows the markers',
    {
      timeout: 240_000,
    },
    () => {
      const markdown = [
        '# A page', //                                                    1
        '<!-- ts-prelude', //                                            2
        'declare const userId: string;', //                              3
        '-->', //                                                        4
        '```ts', //                                                      5
        "import { FlashSale } from 'flash-sale';", //                     6
        'export const sale: FlashSale | undefined = undefined;', //      7
        'export const who: string = userId;', //                         8
        '```', //                                                        9
        '<!-- ts-continues -->', //                                     10
        '```ts', //                                                     11
        'export const id: number = who;', //                            12 (a string is no number)
        '```', //                                                       13
        '<!-- ts-skip: pseudo-code -->', //                             14
        '```ts', //                                                     15
        'this is not TypeScript', //                                    16
        '```', //                                                       17
        '```ts', //                                                     18
        'export const missing = notDeclared;', //                       19
        '```', //                                                       20
      ].join('\n');
      const blocks = codeBlocks('page.md', markdown);
      expect(blocks.map((block) => [block.line, block.continues, block.skip])).toEqual([
        [6, false, null],
        [12, true, null],
        [16, false, 'pseudo-code'],
        [19, false, null],
      ]);
      expect(typeCheckBlocks(blocks).map((error) => error.where)).toEqual([
        'page.md:12',
        'page.md:19',
      ]);
      expect(() => codeBlocks('page.md', '<!-- ts-skip -->\n```ts\nx\n```\n')).toThrow(
        'page.md:2: ts-skip needs a reason',
      );
    },
  );
});
