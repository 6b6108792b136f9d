/** Includes: nested, repeats skipped, loops and missing files reported with their chain. */
import { describe, expect, it } from 'vitest';
import { build } from './fixture-tree.js';

describe('includes', () => {
  it('resolve recursively, depth first: each dependency lands before its includer', () => {
    const built = build('lua/s-0.lua', {
      'lua/s-0.lua': '-- the script\n-- @include a\nlocal s = a()\n',
      'lua/lib/a.lua': '-- @include b\nlocal function a() return b() end\n',
      'lua/lib/b.lua': '-- @include c\nlocal function b() return c() end\n',
      'lua/lib/c.lua': 'local function c() return 1 end\n',
    });
    expect(built.source).toBe(
      [
        'local function c() return 1 end',
        'local function b() return c() end',
        'local function a() return b() end',
        'local s = a()',
        '',
      ].join('\n'),
    );
  });

  it('splice each lib once per script: later repeats are skipped', () => {
    const built = build('lua/s-0.lua', {
      'lua/s-0.lua': '-- @include a\n-- @include b\n-- @include shared\nreturn 0\n',
      'lua/lib/a.lua': '-- @include shared\nlocal A = SHARED\n',
      'lua/lib/b.lua': '-- @include shared\n-- @include a\nlocal B = SHARED\n',
      'lua/lib/shared.lua': 'local SHARED = 1\n',
    });
    expect(built.source).toBe('local SHARED = 1\nlocal A = SHARED\nlocal B = SHARED\nreturn 0\n');
  });

  it('accept a script that lists every lib itself, in order (the sale scripts do)', () => {
    const built = build('lua/s-0.lua', {
      'lua/s-0.lua': '-- @include one\n-- @include two\nreturn ONE + TWO\n',
      'lua/lib/one.lua': 'local ONE = 1\n',
      'lua/lib/two.lua': 'local TWO = ONE + 1\n',
    });
    expect(built.source).toBe('local ONE = 1\nlocal TWO = ONE + 1\nreturn ONE + TWO\n');
  });

  it('fail on a loop, naming the chain of includes with their lines', () => {
    const files = {
      'lua/s-0.lua': '-- header\n-- @include a\nreturn 0\n',
      'lua/lib/a.lua': '-- @include b\nlocal A = 1\n',
      'lua/lib/b.lua': 'local B = 1\n-- @include a\n',
    };
    expect(() => build('lua/s-0.lua', files)).toThrow(
      'include loop: s-0.lua:2 → lib/a.lua:1 → lib/b.lua:2 → lib/a.lua',
    );
  });

  it('fail on a lib that includes itself', () => {
    const files = {
      'lua/s-0.lua': '-- @include a\nreturn 0\n',
      'lua/lib/a.lua': '-- @include a\n',
    };
    expect(() => build('lua/s-0.lua', files)).toThrow(
      'include loop: s-0.lua:1 → lib/a.lua:1 → lib/a.lua',
    );
  });

  it('fail on a missing file, naming the chain that asked for it', () => {
    const files = {
      'lua/s-0.lua': '-- @include a\nreturn 0\n',
      'lua/lib/a.lua': 'local A = 1\n-- @include nope\n',
    };
    expect(() => build('lua/s-0.lua', files)).toThrow(
      'missing include "nope" (lib/nope.lua not found): s-0.lua:1 → lib/a.lua:2 → lib/nope.lua',
    );
  });

  it.each([
    ['a malformed directive', '-- @include two words\n', /s-0\.lua:1: malformed directive/],
    ['a directive after code', 'local x = 1 -- @include a\n', /s-0\.lua:1: .* alone on its line/],
  ])('fail on %s', (_case, script, error) => {
    const files = { 'lua/s-0.lua': script, 'lua/lib/a.lua': 'local A = 1\n' };
    expect(() => build('lua/s-0.lua', files)).toThrow(error);
  });

  it('leave a directive inside a string or a block comment alone', () => {
    const built = build('lua/s-0.lua', {
      'lua/s-0.lua': "--[[\n-- @include a\n]]\nreturn '-- @include a'\n",
    });
    expect(built.source).toBe("return '-- @include a'\n");
  });
});
