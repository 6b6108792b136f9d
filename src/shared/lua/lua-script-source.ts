/**
 * One bundled script as `npm run generate` (build/generate-lua.ts) writes it into
 * the `scripts.generated.ts` beside its `.lua` file: includes spliced, comments
 * stripped, the key count checked against the keys the code uses.
 * @internal
 */
export interface LuaScriptSource {
  /** File name without the key count: `'fence-next'` for `fence-next-2.lua`. */
  readonly name: string;
  /** How many leading arguments are keys: the number in the file name. */
  readonly numberOfKeys: number;
  /** The text sent to Redis. */
  readonly source: string;
  /** SHA1 of `source`, as `SCRIPT LOAD` reports it. */
  readonly sha: string;
}
