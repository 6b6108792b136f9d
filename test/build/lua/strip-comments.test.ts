/** What ships has no comments and no blank lines, and strings are untouched. */
import { describe, expect, it } from 'vitest';
import { tokenizeLua } from '../../../build/lua/lua-tokens.js';
import { renderWithoutComments } from '../../../build/lua/strip-comments.js';
import { build } from './fixture-tree.js';

const strip = (text: string): string => renderWithoutComments(tokenizeLua(text, 'x.lua'));

describe('comment stripping', () => {
  it('drops the header, line comments, block comments and blank lines', () => {
    const script = [
      '--[[ s-1.lua: a header',
      'KEYS[1] the key ]]',
      '-- a line comment',
      '',
      'local a = 1 -- trailing',
      '--[==[ a block with ]] inside ]==]',
      '',
      '',
      '  local b = a --[[ inline ]] + 1',
      "return redis.call('GET', KEYS[1]) --",
    ].join('\n');
    expect(build('lua/s-1.lua', { 'lua/s-1.lua': script }).source).toBe(
      "local a = 1\n  local b = a   + 1\nreturn redis.call('GET', KEYS[1])\n",
    );
  });

  it('keeps `--` inside every kind of string literal', () => {
    const lines = [
      "local a = '-- single' -- gone",
      'local b = "-- double" -- gone',
      'local c = \'it\\\'s -- escaped\' .. "\\" -- too" -- gone',
      'local d = [[ -- long ]] -- gone',
      'local e = [==[ ]] -- level two ]==] -- gone',
    ];
    expect(strip(lines.join('\n'))).toBe(
      `${lines.map((line) => line.replace(/ -- gone$/, '')).join('\n')}\n`,
    );
  });

  it('keeps the blank lines and trailing spaces inside a long string', () => {
    const text = 'local s = [[\nfirst  \n\n-- not a comment\n]]\n\nreturn s\n';
    expect(strip(text)).toBe('local s = [[\nfirst  \n\n-- not a comment\n]]\nreturn s\n');
  });

  it('separates the tokens a block comment stood between', () => {
    expect(strip('return--[[x]]1\n')).toBe('return 1\n');
  });

  it('is idempotent', () => {
    const once = strip("-- h\nlocal s = '--' -- c\n\nreturn s\n");
    expect(strip(once)).toBe(once);
  });

  it.each([
    ["local s = 'open\n", /x\.lua:1: unterminated string/],
    ['local s = [[ open\n', /x\.lua:1: unterminated string/],
    ['\n--[[ open\n', /x\.lua:2: unterminated comment/],
  ])('fails on %j with its line', (text, error) => {
    expect(() => tokenizeLua(text, 'x.lua')).toThrow(error);
  });
});
