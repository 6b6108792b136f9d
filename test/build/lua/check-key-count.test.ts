/** A script's name promises its key count; the generator holds it to that. */
import { describe, expect, it } from 'vitest';
import { build } from './fixture-tree.js';

const lib = { 'lua/lib/keys.lua': 'local A, B = KEYS[1], KEYS[2]\n' };

describe('key count', () => {
  it('accepts a script that uses exactly KEYS[1..n], through its libs too', () => {
    const built = build('lua/s-2.lua', { ...lib, 'lua/s-2.lua': '-- @include keys\nreturn A\n' });
    expect(built.numberOfKeys).toBe(2);
  });

  it.each([
    ['s-3.lua', '-- @include keys\nreturn 1\n', 'never uses KEYS[3]'],
    ['s-1.lua', '-- @include keys\nreturn 1\n', 'uses KEYS[2]'],
    ['s-2.lua', "return redis.call('GET', KEYS[1], 'KEYS[2]')\n", 'never uses KEYS[2]'],
    ['s-2.lua', 'return KEYS[1] -- KEYS[2]\n', 'never uses KEYS[2]'],
    ['s-2.lua', 'return KEYS[0], KEYS[1], KEYS[2]\n', 'uses KEYS[0]'],
    ['s-3.lua', 'for i = 1, 3 do redis.call("DEL", KEYS[i]) end\nreturn KEYS[4]\n', 'uses KEYS[4]'],
  ])('fails %s (%j), naming the script', (name, script, problem) => {
    expect(() => build(`lua/${name}`, { ...lib, [`lua/${name}`]: script })).toThrow(
      `${name}: its name declares ${name.slice(2, 3)} keys, but it ${problem}`,
    );
  });

  it('allows a script that indexes KEYS with a variable, literals within n', () => {
    const script = 'for i = 1, 3 do redis.call("DEL", KEYS[i]) end\nreturn KEYS[1]\n';
    expect(build('lua/s-3.lua', { 'lua/s-3.lua': script }).numberOfKeys).toBe(3);
  });
});
